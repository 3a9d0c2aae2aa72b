// A link opened signed out is where the person lands after signing in: a shared view of the
// tasks keeps its list and filters. A screen left by signing out is not kept for the next person.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();
const password = 'my real password, long enough';

async function signIn(email: string): Promise<void> {
  const user = userEvent.setup();
  await screen.findByRole('heading', { name: 'Sign in' });
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

beforeEach(() => {
  window.sessionStorage.clear();
});

describe('coming back after signing in', () => {
  it('opens a shared view of the tasks, list and filters included, after the sign-in it asked for', async () => {
    const person = await api().registeredUser(password);
    const errands = await person.caller.lists.create({ name: 'Errands' });
    await person.caller.tasks.create({ title: 'Buy stamps', listId: errands.id, priority: 'high' });
    await person.caller.tasks.create({ title: 'Post parcel', listId: errands.id, priority: 'low' });
    const shared = `?list=${errands.id}&status=active&priority=high&sort=title`;

    renderApp(api(), { search: shared });
    await signIn(person.email);

    expect(await screen.findByRole('heading', { level: 1, name: 'Errands' })).toBeInTheDocument();
    expect(await screen.findByText('Buy stamps')).toBeInTheDocument();
    expect(screen.queryByText('Post parcel')).not.toBeInTheDocument();
    expect(window.location.pathname + window.location.search).toBe(`/${shared}`);
    const filters = within(screen.getByRole('region', { name: 'Filter and sort' }));
    expect(filters.getByLabelText('Priority')).toHaveValue('high');
    expect(filters.getByLabelText('Sort by')).toHaveValue('title');
  });

  it('does not hand the screen a session ended on to the next sign-in on the tab', async () => {
    const first = await api().registeredUser(password);
    const next = await api().registeredUser(password);
    const search = '?q=private+matter&status=completed';
    renderApp(api(), { search });
    await signIn(first.email);
    await screen.findByRole('heading', { level: 1, name: 'Tasks' });
    expect(window.location.search).toBe(search);

    // Signed out everywhere from another device: this tab's session ends.
    await first.caller.auth.signOutEverywhere();
    await screen.findByRole('heading', { name: 'Sign in' });
    await signIn(next.email);
    expect(await screen.findByText('Nothing to do yet.')).toBeInTheDocument();
    expect(window.location.pathname + window.location.search).toBe('/');
  });
});
