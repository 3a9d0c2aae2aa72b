import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { apiError, makeTask } from '../test/fake-api';
import { fakeTaskServer } from '../test/fake-task-server';
import { renderApp } from '../test/render-app';

const taskList = () => screen.getByRole('region', { name: 'Task list' });
const titles = () =>
  within(taskList())
    .queryAllByRole('listitem')
    .map((item) => item.querySelector('label')?.textContent);

afterEach(() => {
  vi.useRealTimers();
});

describe('the task screen', () => {
  it('lists the tasks with counts, and marks overdue and due-today tasks', async () => {
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    const tonight = new Date();
    tonight.setHours(23, 59, 59, 999);
    const server = fakeTaskServer([
      makeTask({ title: 'Pay rent', dueAt: yesterday }),
      makeTask({ title: 'Water plants', dueAt: tonight }),
      makeTask({ title: 'Read a book', completed: true }),
    ]);
    renderApp(server.handlers);
    await screen.findByText('Pay rent');
    expect(titles()).toEqual(['Pay rent', 'Water plants', 'Read a book']);
    expect(screen.getByText(/^Overdue ·/)).toBeInTheDocument();
    expect(screen.getByText('Due today')).toBeInTheDocument();
    expect(await screen.findByText('2 active')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Done/ })).toHaveTextContent('1');
  });

  it('shows a new task at once, with an id chosen here so a retry cannot duplicate it', async () => {
    const server = fakeTaskServer([]);
    let release: () => void = () => undefined;
    const create = server.handlers['tasks.create'];
    server.handlers['tasks.create'] = async (input) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return create?.(input);
    };
    const { api } = renderApp(server.handlers);
    await screen.findByText('Nothing to do yet.');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New task'), '  Buy milk  ');
    await user.click(screen.getByRole('button', { name: 'More options' }));
    await user.type(screen.getByLabelText('Tags'), 'Home, errands, home');
    await user.click(screen.getByRole('button', { name: 'Add' }));

    // Optimistic: listed before the server has answered.
    expect(await screen.findByText('Buy milk')).toBeInTheDocument();
    const [sent] = api.callsTo('tasks.create') as { id: string; title: string; tags: string[] }[];
    expect(sent?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent?.title).toBe('Buy milk');
    expect(sent?.tags).toEqual(['home', 'errands']);
    expect(screen.getByLabelText('New task')).toHaveValue('');
    act(() => {
      release();
    });
    await waitFor(() => {
      expect(server.tasks.map((task) => task.id)).toEqual([sent?.id]);
    });
  });

  // Regression: completing a task whose create was still on its way sent setCompleted first; the
  // server answered NOT_FOUND and the box flipped back (seen in the keyboard-only browser test).
  it('completes a task added a moment ago only after the server has created it', async () => {
    const server = fakeTaskServer([]);
    let release: () => void = () => undefined;
    const create = server.handlers['tasks.create'];
    server.handlers['tasks.create'] = async (input) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return create?.(input);
    };
    const { api } = renderApp(server.handlers);
    await screen.findByText('Nothing to do yet.');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New task'), 'Call the bank{Enter}');
    await user.click(await screen.findByRole('checkbox', { name: 'Call the bank' }));

    expect(screen.getByRole('checkbox', { name: 'Call the bank' })).toBeChecked();
    expect(api.callsTo('tasks.setCompleted')).toEqual([]);
    act(() => {
      release();
    });
    await waitFor(() => {
      expect(server.tasks.map((task) => task.completed)).toEqual([true]);
    });
    expect(screen.getByRole('checkbox', { name: 'Call the bank' })).toBeChecked();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('rejects an empty title without sending it', async () => {
    const server = fakeTaskServer([]);
    const { api } = renderApp(server.handlers);
    await screen.findByText('Nothing to do yet.');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New task'), '   ');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Title is required')).toBeInTheDocument();
    expect(api.callsTo('tasks.create')).toEqual([]);
  });

  it('puts a task back and says so when completing it fails', async () => {
    const server = fakeTaskServer([makeTask({ title: 'File taxes' })]);
    server.handlers['tasks.setCompleted'] = () => {
      throw apiError(
        'INTERNAL_SERVER_ERROR',
        'Something went wrong on our side. Please try again.',
      );
    };
    renderApp(server.handlers);
    const checkbox = await screen.findByRole('checkbox', { name: 'File taxes' });
    await userEvent.setup().click(checkbox);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not complete “File taxes”');
    expect(screen.getByRole('checkbox', { name: 'File taxes' })).not.toBeChecked();
  });

  it('removes a completed task from the Active list at once', async () => {
    const server = fakeTaskServer([makeTask({ title: 'Stretch' }), makeTask({ title: 'Nap' })]);
    renderApp(server.handlers);
    await screen.findByText('Stretch');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Active/ }));
    await user.click(await screen.findByRole('checkbox', { name: 'Stretch' }));
    await waitFor(() => {
      expect(titles()).toEqual(['Nap']);
    });
    expect(server.tasks.find((task) => task.title === 'Stretch')?.completed).toBe(true);
  });

  it('shows the newer version on a conflict and lets the person keep their change', async () => {
    const task = makeTask({ title: 'Draft the plan', version: 3 });
    const server = fakeTaskServer([task]);
    renderApp(server.handlers);
    await screen.findByText('Draft the plan');
    // Someone else saves first.
    server.tasks = [{ ...task, title: 'Draft the plan (v2)', priority: 'high', version: 4 }];

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit “Draft the plan”' }));
    const title = screen.getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Draft the final plan');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'This task was changed elsewhere' });
    expect(within(dialog).getByText('Draft the plan (v2)')).toBeInTheDocument();
    expect(within(dialog).getByText('Draft the final plan')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Use my changes' }));
    await waitFor(() => {
      expect(server.tasks[0]).toMatchObject({
        title: 'Draft the final plan',
        priority: 'high',
        version: 5,
      });
    });
    expect(await screen.findByText('Draft the final plan')).toBeInTheDocument();
  });

  it('keeps the newer version when the person chooses it', async () => {
    const task = makeTask({ title: 'Old title', version: 1 });
    const server = fakeTaskServer([task]);
    const { api } = renderApp(server.handlers);
    await screen.findByText('Old title');
    server.tasks = [{ ...task, title: 'Their title', version: 2 }];
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit “Old title”' }));
    await user.type(screen.getByLabelText('Title'), ' edited');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Keep newer version' }));
    expect(await screen.findByText('Their title')).toBeInTheDocument();
    expect(api.callsTo('tasks.update')).toHaveLength(1);
    expect(server.tasks[0]?.title).toBe('Their title');
  });

  it('deletes with an undo window, and only sends the delete when it closes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = fakeTaskServer([makeTask({ title: 'Keep me' }), makeTask({ title: 'Drop me' })]);
    const { api } = renderApp(server.handlers);
    await screen.findByText('Drop me');
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) });

    await user.click(screen.getByRole('button', { name: 'Delete “Keep me”' }));
    expect(titles()).toEqual(['Drop me']);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(titles()).toEqual(['Keep me', 'Drop me']);

    await user.click(screen.getByRole('button', { name: 'Delete “Drop me”' }));
    expect(titles()).toEqual(['Keep me']);
    expect(api.callsTo('tasks.delete')).toEqual([]);
    act(() => {
      vi.advanceTimersByTime(7000);
    });
    await waitFor(() => {
      expect(api.callsTo('tasks.delete')).toHaveLength(1);
    });
    expect(server.tasks.map((task) => task.title)).toEqual(['Keep me']);
  });

  it('searches once the person stops typing', async () => {
    const server = fakeTaskServer([makeTask({ title: 'Alpha' }), makeTask({ title: 'Beta' })]);
    const { api } = renderApp(server.handlers);
    await screen.findByText('Alpha');
    await userEvent.setup().type(screen.getByRole('searchbox', { name: 'Search tasks' }), 'bet');
    await waitFor(() => {
      expect(titles()).toEqual(['Beta']);
    });
    const searches = (api.callsTo('tasks.list') as { search?: string }[]).map(
      (input) => input.search,
    );
    expect(searches).toEqual([undefined, 'bet']);
  });

  it('loads more over the cursor', async () => {
    const tasks = Array.from({ length: 5 }, (_, index) => makeTask({ title: `Item ${index + 1}` }));
    const server = fakeTaskServer(tasks, 3);
    const { api } = renderApp(server.handlers);
    await screen.findByText('Item 1');
    expect(titles()).toHaveLength(3);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(titles()).toHaveLength(5);
    });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const cursors = (api.callsTo('tasks.list') as { cursor?: string | null }[]).map(
      (i) => i.cursor,
    );
    expect(cursors).toEqual([null, '3']);
  });

  it('says when filters match nothing, and clears them', async () => {
    const server = fakeTaskServer([makeTask({ title: 'Only task' })]);
    renderApp(server.handlers);
    await screen.findByText('Only task');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Done/ }));
    expect(await screen.findByText('No tasks match these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('Only task')).toBeInTheDocument();
  });
});

describe('clearing completed tasks', () => {
  it('asks first, removes them at once and reports how many went', async () => {
    const server = fakeTaskServer([
      makeTask({ title: 'Open' }),
      makeTask({ title: 'Finished', completed: true }),
      makeTask({ title: 'Also finished', completed: true }),
    ]);
    const { api } = renderApp(server.handlers);
    await screen.findByText('Finished');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Clear completed' }));
    expect(api.callsTo('tasks.clearCompleted')).toEqual([]);
    expect(screen.getByText('Delete 2 completed?')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => {
      expect(titles()).toEqual(['Open']);
    });
    expect(await screen.findByText('Cleared 2 completed tasks.')).toBeInTheDocument();
    expect(server.tasks.map((task) => task.title)).toEqual(['Open']);
  });
});
