// The composer on the real API.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { InProcessUser } from '@tasklane/api/testing';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();

const titleInput = () => screen.getByLabelText('New task');

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
