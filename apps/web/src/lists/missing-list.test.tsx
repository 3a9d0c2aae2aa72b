// A URL naming a list the person does not have (another person's, a deleted one, a random id):
// the screen says so and offers every task instead of an error (the server answers NOT_FOUND).
import { randomUUID } from 'node:crypto';

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();

/** The `listId` of each tasks.list call so far. */
const listReads = () =>
  api()
    .callsTo('tasks.list')
    .map((input) =>
      typeof input === 'object' && input !== null && 'listId' in input ? input.listId : undefined,
    );

describe('a list the URL names that is not the person’s', () => {
  it('says the list no longer exists, for another person’s list and a random id, and shows every task on request, keeping the filters', async () => {
    const owner = await api().signedInUser();
    const theirs = await owner.caller.lists.create({ name: 'Private' });
    await owner.caller.tasks.create({ title: 'Their secret', listId: theirs.id });
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Mine' });

    for (const listId of [theirs.id, randomUUID()]) {
      const { unmount } = renderApp(api(), {
        session: person.session,
        search: `?list=${listId}&status=active`,
      });
      expect(
        await screen.findByRole('heading', { level: 1, name: 'List not found' }),
      ).toBeInTheDocument();
      expect(screen.getByText('This list no longer exists.')).toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(screen.queryByText('Their secret')).not.toBeInTheDocument();
      expect(screen.queryByLabelText('New task')).not.toBeInTheDocument();

      await userEvent.setup().click(screen.getByRole('button', { name: 'Show all tasks' }));
      expect(await screen.findByText('Mine')).toBeInTheDocument();
      expect(screen.getByRole('heading', { level: 1, name: 'Tasks' })).toBeInTheDocument();
      expect(window.location.search).toBe('?status=active');
      unmount();
    }
  });

  it('says so for a list deleted elsewhere after the lists were read, and drops it from the sidebar', async () => {
    const person = await api().signedInUser();
    const errands = await person.caller.lists.create({ name: 'Errands' });
    await person.caller.tasks.create({ title: 'Buy stamps', listId: errands.id });
    renderApp(api(), { session: person.session, search: `?list=${errands.id}` });
    expect(await screen.findByText('Buy stamps')).toBeInTheDocument();

    // Deleted on another device; this tab still has the list among its lists and reads the
    // list's tasks again (as a live event or a retry would make it), which is NOT_FOUND.
    await person.caller.lists.delete({ id: errands.id, tasks: 'delete' });
    await userEvent.setup().click(screen.getByRole('button', { name: /^Done/ }));

    expect(await screen.findByText('This list no longer exists.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: /^Errands/ })).not.toBeInTheDocument();
    });
    // The counts read while the list existed are not shown for it.
    expect(screen.queryByText('1 active')).not.toBeInTheDocument();
  });

  it('an own list with no tasks is an empty list, not a missing one', async () => {
    const person = await api().signedInUser();
    const empty = await person.caller.lists.create({ name: 'Someday' });
    renderApp(api(), { session: person.session, search: `?list=${empty.id}` });
    expect(await screen.findByRole('heading', { level: 1, name: 'Someday' })).toBeInTheDocument();
    expect(await screen.findByText('Nothing to do yet.')).toBeInTheDocument();
    expect(screen.queryByText('This list no longer exists.')).not.toBeInTheDocument();
    expect(listReads()).toContain(empty.id);
  });
});
