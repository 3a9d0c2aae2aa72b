// The list controls of the sidebar on the real API: rename, recolour, reorder from the keyboard,
// and delete a list both ways (its tasks to the Inbox, or with it).
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { InProcessUser } from '@tasklane/api/testing';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();

/** The lists in the sidebar, in its order, after All tasks, Inbox and Upcoming. */
const sidebarLists = () =>
  within(screen.getByRole('navigation', { name: 'Lists' }))
    .getAllByRole('button')
    .slice(3)
    .map((button) => button.querySelector('.truncate')?.textContent);

const serverLists = async (person: InProcessUser) =>
  (await person.caller.lists.list()).map(({ name, color, position }) => ({
    name,
    color,
    position,
  }));

const controls = (name: string) => screen.getByRole('region', { name: `List “${name}”` });

/** A person with lists of these names (in order), the app open on the list `open`. */
async function openList(names: string[], open: string) {
  const person = await api().signedInUser();
  const lists = [];
  for (const name of names) lists.push(await person.caller.lists.create({ name }));
  const shown = lists.find((list) => list.name === open);
  renderApp(api(), { session: person.session, search: `?list=${shown?.id ?? ''}` });
  await screen.findByRole('heading', { level: 1, name: open });
  return { person, lists };
}

describe('the list controls', () => {
  it('renames the list on screen, and says so beside the field when the name is taken', async () => {
    const { person } = await openList(['Home', 'Errands'], 'Errands');
    const user = userEvent.setup();
    const field = within(controls('Errands')).getByLabelText('Rename list');
    await user.clear(field);
    await user.type(field, 'Shopping{Enter}');

    await screen.findByRole('heading', { level: 1, name: 'Shopping' });
    await waitFor(() => {
      expect(sidebarLists()).toEqual(['Home', 'Shopping']);
    });
    expect(await serverLists(person)).toEqual([
      { name: 'Home', color: 'gray', position: 0 },
      { name: 'Shopping', color: 'gray', position: 1 },
    ]);

    // Names are unique whatever their case: the server's field error is shown, nothing changes.
    const again = within(controls('Shopping')).getByLabelText('Rename list');
    expect(again).toHaveValue('Shopping');
    await user.clear(again);
    await user.type(again, 'HOME{Enter}');
    expect(await within(controls('Shopping')).findByRole('alert')).toHaveTextContent(
      'You already have a list named “HOME”.',
    );
    expect((await serverLists(person)).map((list) => list.name)).toEqual(['Home', 'Shopping']);
  });

  it('recolours the list on screen at once, and shows a name changed elsewhere meanwhile', async () => {
    const { person, lists } = await openList(['Errands'], 'Errands');
    // Renamed on another device: the recolour below reads the lists again.
    await person.caller.lists.update({ id: lists[0]?.id ?? '', version: 1, name: 'Chores' });
    const user = userEvent.setup();
    await user.selectOptions(within(controls('Errands')).getByLabelText('List colour'), 'Teal');

    // The version sent was the one read; the server answers CONFLICT, and the lists are read again.
    expect(await within(controls('Errands')).findByRole('alert')).toHaveTextContent(
      'This list was changed since you loaded it.',
    );
    await screen.findByRole('heading', { level: 1, name: 'Chores' });
    expect(within(controls('Chores')).getByLabelText('Rename list')).toHaveValue('Chores');

    await user.selectOptions(within(controls('Chores')).getByLabelText('List colour'), 'Teal');
    await waitFor(async () => {
      expect(await serverLists(person)).toEqual([{ name: 'Chores', color: 'teal', position: 0 }]);
    });
    await waitFor(() => {
      expect(within(controls('Chores')).getByLabelText('List colour')).toHaveValue('teal');
    });
    // The sidebar's dot takes the colour too.
    const entry = within(screen.getByRole('navigation', { name: 'Lists' })).getByRole('button', {
      name: /^Chores/,
    });
    expect(entry.querySelector('[aria-hidden="true"]')).toHaveClass('bg-teal-500');
  });

  it('moves a list up and down from the keyboard, keeping the focus on the control pressed', async () => {
    const { person } = await openList(['Home', 'Work', 'Errands'], 'Errands');
    const user = userEvent.setup();
    const moveUp = () => within(controls('Errands')).getByRole('button', { name: 'Move up' });
    expect(within(controls('Errands')).getByRole('button', { name: 'Move down' })).toBeDisabled();

    moveUp().focus();
    await user.keyboard('{Enter}');
    await waitFor(() => {
      expect(sidebarLists()).toEqual(['Home', 'Errands', 'Work']);
    });
    // Pressed again where the focus still is: the list moves on to the top.
    expect(moveUp()).toHaveFocus();
    await user.keyboard(' ');
    await waitFor(() => {
      expect(sidebarLists()).toEqual(['Errands', 'Home', 'Work']);
    });
    // At the top Move up is disabled, and the focus is on Move down instead of lost.
    const moveDown = within(controls('Errands')).getByRole('button', { name: 'Move down' });
    expect(moveUp()).toBeDisabled();
    expect(moveDown).toHaveFocus();
    expect((await serverLists(person)).map((list) => list.name)).toEqual([
      'Errands',
      'Home',
      'Work',
    ]);

    await user.keyboard('{Enter}');
    await waitFor(() => {
      expect(sidebarLists()).toEqual(['Home', 'Errands', 'Work']);
    });
    expect(moveDown).toHaveFocus();
    // Shift+Tab reaches Move up again.
    await user.tab({ shift: true });
    expect(moveUp()).toHaveFocus();
    expect((await serverLists(person)).map((list) => list.name)).toEqual([
      'Home',
      'Errands',
      'Work',
    ]);
  });

  for (const [choice, label] of [
    ['move-to-inbox', 'Move its tasks to the Inbox'],
    ['delete', 'Delete its tasks too'],
  ] as const) {
    it(`deletes a list and ${choice === 'delete' ? 'its tasks' : 'moves its tasks to the Inbox'}, then shows every task`, async () => {
      const { person, lists } = await openList(['Home', 'Errands'], 'Errands');
      const errands = lists[1];
      await person.caller.tasks.create({ title: 'Loose' });
      const stamps = await person.caller.tasks.create({ title: 'Buy stamps', listId: errands?.id });
      await person.caller.tasks.setCompleted({ id: stamps.id, completed: true });
      await person.caller.tasks.create({ title: 'Post parcel', listId: errands?.id });
      const user = userEvent.setup();
      await screen.findByText('Post parcel');

      await user.click(within(controls('Errands')).getByRole('button', { name: 'Delete list…' }));
      const form = screen.getByRole('form', { name: 'Delete list' });
      expect(within(form).getByRole('group')).toHaveAccessibleName(
        'Delete “Errands” and its 1 active tasks?',
      );
      // Moving the tasks to the Inbox is the default.
      expect(
        within(form).getByRole('radio', { name: 'Move its tasks to the Inbox' }),
      ).toBeChecked();
      await user.click(within(form).getByRole('radio', { name: label }));
      await user.click(within(form).getByRole('button', { name: 'Delete list' }));

      await screen.findByRole('heading', { level: 1, name: 'Tasks' });
      expect(new URLSearchParams(window.location.search).has('list')).toBe(false);
      await waitFor(() => {
        expect(sidebarLists()).toEqual(['Home']);
      });
      expect(screen.queryByText('This list no longer exists.')).not.toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();

      const left = (await person.caller.tasks.list({})).items.map((t) => [t.title, t.listId]);
      if (choice === 'delete') {
        expect(left).toEqual([['Loose', null]]);
        await waitFor(() => {
          expect(screen.queryByText('Post parcel')).not.toBeInTheDocument();
        });
        expect(screen.getByText('Loose')).toBeInTheDocument();
      } else {
        expect(left.sort()).toEqual([
          ['Buy stamps', null],
          ['Loose', null],
          ['Post parcel', null],
        ]);
        await screen.findByText('Post parcel');
        await user.click(screen.getByRole('button', { name: 'Inbox' }));
        await screen.findByRole('heading', { level: 1, name: 'Inbox' });
        await waitFor(() => {
          expect(screen.getByText('Buy stamps')).toBeInTheDocument();
        });
        expect(screen.getByText('Loose')).toBeInTheDocument();
      }
    });
  }
});
