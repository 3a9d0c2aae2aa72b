// The composer's quick add on the real API: chips as the title is typed, removable, Escape keeps
// the text, and what is saved is what the chips showed.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { InProcessUser } from '@tasklane/api/testing';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();

const titleInput = () => screen.getByLabelText('New task');
const chips = () =>
  within(screen.getByRole('list', { name: 'Read from the title' }))
    .getAllByRole('listitem')
    .map((chip) => chip.textContent);

async function serverTasks(person: InProcessUser) {
  const { items } = await person.caller.tasks.list({ limit: 100 });
  return items.map(({ title, dueAt, priority, tags }) => ({ title, dueAt, priority, tags }));
}

async function openComposer() {
  const person = await api().signedInUser();
  renderApp(api(), { session: person.session });
  await screen.findByText('Nothing to do yet.');
  return { person, user: userEvent.setup() };
}

describe('quick add in the composer', () => {
  it('shows chips for what it read as the title is typed, and saves exactly that', async () => {
    const { person, user } = await openComposer();
    await user.type(titleInput(), 'Pay rent Dec 24 2027 5pm #Home !high');
    await waitFor(() => {
      expect(chips()).toEqual(['Due Dec 24, 2027, 5:00 PM', '#home', 'High priority']);
    });
    await user.keyboard('{Enter}');

    await waitFor(async () => {
      expect(await serverTasks(person)).toEqual([
        {
          title: 'Pay rent',
          // In the account's zone (UTC until set), as the chip showed it.
          dueAt: new Date('2027-12-24T17:00:00Z'),
          priority: 'high',
          tags: ['home'],
        },
      ]);
    });
    expect(titleInput()).toHaveValue('');
    expect(screen.queryByRole('list', { name: 'Read from the title' })).toBeNull();
  });

  it('shows a repeat chip and saves the rule with its first occurrence; a removed one is text', async () => {
    const { person, user } = await openComposer();
    await user.type(titleInput(), 'Standup every weekday at 9');
    await waitFor(() => {
      expect(chips()).toEqual(['Repeats every weekday', expect.stringMatching(/^Due .*9:00 AM$/)]);
    });
    await user.keyboard('{Enter}');
    await user.type(titleInput(), 'Gym every monday');
    await user.click(await screen.findByRole('button', { name: 'Keep "every monday" as text' }));
    expect(screen.queryByRole('list', { name: 'Read from the title' })).toBeNull();
    await user.keyboard('{Enter}');

    await waitFor(async () => {
      const { items } = await person.caller.tasks.list({ limit: 100, sort: 'title' });
      expect(items.map(({ title, recurrence }) => ({ title, recurrence }))).toEqual([
        { title: 'Gym every monday', recurrence: null },
        {
          title: 'Standup',
          recurrence: { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
        },
      ]);
      const standup = items.find((task) => task.title === 'Standup');
      // The first weekday at 9:00 in the browser's zone, as the due chip showed.
      expect(standup?.dueAt?.getHours()).toBe(9);
      expect([1, 2, 3, 4, 5]).toContain(standup?.dueAt?.getDay());
    });
  });

  it('keeps the words of a removed chip in the title and saves without it', async () => {
    const { person, user } = await openComposer();
    await user.type(titleInput(), 'Water plants Dec 24 2027 #garden');
    await user.click(await screen.findByRole('button', { name: 'Keep "Dec 24 2027" as text' }));
    expect(chips()).toEqual(['#garden']);
    expect(titleInput()).toHaveFocus();
    // Typing on does not bring the removed chip back.
    await user.type(titleInput(), ' !low');
    expect(chips()).toEqual(['#garden', 'Low priority']);
    await user.keyboard('{Enter}');

    await waitFor(async () => {
      expect(await serverTasks(person)).toEqual([
        { title: 'Water plants Dec 24 2027', dueAt: null, priority: 'low', tags: ['garden'] },
      ]);
    });
  });

  it('keeps the whole text as typed after Escape, until the title is emptied', async () => {
    const { person, user } = await openComposer();
    await user.type(titleInput(), 'Read 1984 on Dec 24 2027 #books !low');
    await screen.findByRole('list', { name: 'Read from the title' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('list', { name: 'Read from the title' })).toBeNull();
    expect(screen.getByText(/Kept as typed/)).toBeInTheDocument();
    await user.keyboard('{Enter}');

    await waitFor(async () => {
      expect(await serverTasks(person)).toEqual([
        {
          title: 'Read 1984 on Dec 24 2027 #books !low',
          dueAt: null,
          priority: 'medium',
          tags: [],
        },
      ]);
    });
    // The next task is read again.
    await user.type(titleInput(), 'Stretch #health');
    await waitFor(() => {
      expect(chips()).toEqual(['#health']);
    });
  });

  it('puts the task in the ^List named when the person has it; another name stays text', async () => {
    const person = await api().signedInUser();
    const finance = await person.caller.lists.create({ name: 'Finance' });
    renderApp(api(), { session: person.session });
    await screen.findByText('Nothing to do yet.');
    const user = userEvent.setup();
    await user.type(titleInput(), 'File taxes ^finance #money');
    await waitFor(() => {
      expect(chips()).toEqual(['List finance', '#money']);
    });
    await user.keyboard('{Enter}');
    await user.type(titleInput(), 'Plan ^Nope #later');
    await waitFor(() => {
      expect(chips()).toEqual(['#later']);
    });
    await user.keyboard('{Enter}');

    await waitFor(async () => {
      const { items } = await person.caller.tasks.list({ sort: 'title' });
      expect(items.map(({ title, listId, tags }) => ({ title, listId, tags }))).toEqual([
        { title: 'File taxes', listId: finance.id, tags: ['money'] },
        { title: 'Plan ^Nope', listId: null, tags: ['later'] },
      ]);
    });
  });

  it('takes the chips over the fields of More options, and adds their tags to the fields', async () => {
    const { person, user } = await openComposer();
    await user.click(screen.getByRole('button', { name: 'More options' }));
    const composer = within(screen.getByRole('form', { name: 'Add a task' }));
    await user.type(composer.getByLabelText('Tags'), 'work');
    await user.selectOptions(composer.getByLabelText('Priority'), 'low');
    await user.type(titleInput(), 'Ship it !high #release');
    await waitFor(() => {
      expect(chips()).toEqual(['High priority', '#release']);
    });
    await user.click(screen.getByRole('button', { name: 'Add' }));

    await waitFor(async () => {
      expect(await serverTasks(person)).toEqual([
        { title: 'Ship it', dueAt: null, priority: 'high', tags: ['work', 'release'] },
      ]);
    });
  });
});

describe('the composer while its check loads', () => {
  // Regression: the check awaited the lazily loaded validators and then reset the form, so what
  // was typed right after Enter (the next task's first letters) was wiped.
  it('keeps what is typed right after Enter while the check is still loading', async () => {
    const { person } = await openComposer();
    const input = titleInput();
    fireEvent.change(input, { target: { value: 'First task' } });
    const form = input.closest('form');
    if (form === null) throw new Error('the title is not in a form');
    // Both in the same tick: the check cannot have finished in between.
    fireEvent.submit(form);
    fireEvent.change(input, { target: { value: 'Se' } });

    await screen.findByText('First task');
    await waitFor(async () => {
      expect((await serverTasks(person)).map((task) => task.title)).toEqual(['First task']);
    });
    expect(input).toHaveValue('Se');
  });

  it('puts a refused title back, with what was typed after it', async () => {
    await openComposer();
    const input = titleInput();
    const long = 'x'.repeat(201);
    fireEvent.change(input, { target: { value: long } });
    const form = input.closest('form');
    if (form === null) throw new Error('the title is not in a form');
    fireEvent.submit(form);
    expect(input).toHaveValue('');
    fireEvent.change(input, { target: { value: 'y' } });

    expect(await screen.findByText('Title must be at most 200 characters')).toBeInTheDocument();
    expect(input).toHaveValue(`${long}y`);
    expect(api().callsTo('tasks.create')).toEqual([]);
  });
});
