// Live sync on the real router in process: the app's own subscription link and EventSource on
// the in-process API, another device acting through the router directly.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { pruneTaskEvents, type InProcessUser } from '@tasklane/api/testing';

import { createAppServices, SESSION_ENDED_MESSAGE } from '../app-services';
import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();

const taskList = () => screen.getByRole('region', { name: 'Task list' });
const titles = () =>
  within(taskList())
    .queryAllByRole('listitem')
    .map((item) => item.querySelector('label')?.textContent);
const liveStatus = () => screen.getByRole('status', { name: 'Live updates' });

async function liveScreen(person: InProcessUser): Promise<void> {
  renderApp(api(), { session: person.session });
  await waitFor(() => {
    expect(liveStatus()).toHaveTextContent('Live');
  });
}

async function serverTask(person: InProcessUser, title: string) {
  const { items } = await person.caller.tasks.list({ limit: 100 });
  const task = items.find((item) => item.title === title);
  if (task === undefined) throw new Error(`no task “${title}” on the server`);
  return task;
}

describe('live sync', () => {
  it('loads the list once, after the stream’s first reset', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Already there' });
    await liveScreen(person);
    expect(await screen.findByText('Already there')).toBeInTheDocument();
    const paths = api().calls.map((call) => call.path);
    expect(paths.filter((path) => path === 'tasks.list')).toHaveLength(1);
    expect(paths.indexOf('tasks.changes')).toBeLessThan(paths.indexOf('tasks.list'));
  });

  it('shows a task added, completed and deleted on another device, with the counts', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Older task' });
    await liveScreen(person);
    await screen.findByText('Older task');
    const listed = api().callsTo('tasks.list').length;

    const added = await person.caller.tasks.create({ title: 'Added on the phone' });
    await waitFor(() => {
      expect(titles()).toEqual(['Added on the phone', 'Older task']);
    });
    expect(await screen.findByText(/2 active/)).toBeInTheDocument();

    await person.caller.tasks.setCompleted({ id: added.id, completed: true });
    await waitFor(() => {
      expect(screen.getByRole('checkbox', { name: 'Added on the phone' })).toBeChecked();
    });
    expect(await screen.findByText(/1 active/)).toBeInTheDocument();

    await person.caller.tasks.delete({ id: added.id });
    await waitFor(() => {
      expect(titles()).toEqual(['Older task']);
    });
    // Applied in place: the list itself was never fetched again.
    expect(api().callsTo('tasks.list')).toHaveLength(listed);
  });

  it('follows the filter on screen: a task leaves Active when completed elsewhere', async () => {
    const person = await api().signedInUser();
    const nap = await person.caller.tasks.create({ title: 'Nap' });
    await person.caller.tasks.create({ title: 'Stretch' });
    await liveScreen(person);
    await screen.findByText('Nap');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Active/ }));
    await waitFor(() => {
      expect(titles()).toEqual(['Stretch', 'Nap']);
    });

    await person.caller.tasks.setCompleted({ id: nap.id, completed: true });
    await waitFor(() => {
      expect(titles()).toEqual(['Stretch']);
    });
    await person.caller.tasks.setCompleted({ id: nap.id, completed: false });
    await waitFor(() => {
      expect(titles()).toEqual(['Stretch', 'Nap']);
    });
  });

  it('keeps a change made here on its way over an event from elsewhere, then shows both', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Water plants' });
    await liveScreen(person);
    const checkbox = await screen.findByRole('checkbox', { name: 'Water plants' });
    const release = api().hold('tasks.setCompleted');
    await userEvent.setup().click(checkbox);
    expect(checkbox).toBeChecked();

    // Renamed on another device while the completion is on its way: the event carries the task
    // unchecked, and must not flip the box this person just checked.
    const counted = api().callsTo('tasks.stats').length;
    const task = await serverTask(person, 'Water plants');
    await person.caller.tasks.update({ id: task.id, version: task.version, title: 'Water ferns' });
    // The event has come (each one refreshes the counts) and left the box as it was.
    await waitFor(() => {
      expect(api().callsTo('tasks.stats').length).toBeGreaterThan(counted);
    });
    expect(screen.getByRole('checkbox', { name: 'Water plants' })).toBeChecked();

    act(() => {
      release();
    });
    await waitFor(() => {
      expect(screen.getByRole('checkbox', { name: 'Water ferns' })).toBeChecked();
    });
    expect(await serverTask(person, 'Water ferns')).toMatchObject({ completed: true, version: 3 });
  });

  it('says Reconnecting… after a drop, and resumes with what changed meanwhile', async () => {
    const person = await api().signedInUser();
    await liveScreen(person);
    await screen.findByText('Nothing to do yet.');
    const listed = api().callsTo('tasks.list').length;

    const reconnect = api().hold('tasks.changes');
    api().dropStreams();
    await waitFor(() => {
      expect(liveStatus()).toHaveTextContent('Reconnecting…');
    });
    await person.caller.tasks.create({ title: 'Added while away' });
    act(() => {
      reconnect();
    });

    expect(await screen.findByText('Added while away')).toBeInTheDocument();
    expect(liveStatus()).toHaveTextContent('Live');
    // Resumed after the last event: no reset, no refetch of the list.
    expect(api().callsTo('tasks.list')).toHaveLength(listed);
    expect(api().callsTo('tasks.changes').at(-1)).toEqual({
      lastEventId: expect.any(String) as string,
    });
  });

  it('refetches on reset, when the events missed are no longer kept', async () => {
    const person = await api().signedInUser();
    await liveScreen(person);
    await screen.findByText('Nothing to do yet.');
    const listed = api().callsTo('tasks.list').length;

    const reconnect = api().hold('tasks.changes');
    api().dropStreams();
    await waitFor(() => {
      expect(liveStatus()).toHaveTextContent('Reconnecting…');
    });
    await person.caller.tasks.create({ title: 'Added long ago' });
    await pruneTaskEvents(api().services.db, new Date(Date.now() + 60_000));
    act(() => {
      reconnect();
    });

    expect(await screen.findByText('Added long ago')).toBeInTheDocument();
    expect(api().callsTo('tasks.list')).toHaveLength(listed + 1);
  });

  it('moves the stream to a renewed token before the old one expires, losing nothing', async () => {
    const password = 'a long and unusual passphrase 7';
    const { email, caller } = await api().registeredUser(password);
    // Signed in through the app's own links, so the refresh cookie is in the jar.
    const signIn = createAppServices({ fetch: api().fetch, withLock: (task) => task() });
    const issued = await signIn.client.auth.signIn.mutate({ email, password });
    // Said to expire in 4 s: the cookie renewal renews for the stream halfway, at 2 s.
    const expiresSoon = new Date(Date.now() + 4000);
    const { services } = renderApp(api(), {
      session: { ...issued, accessTokenExpiresAt: expiresSoon },
    });
    await waitFor(() => {
      expect(liveStatus()).toHaveTextContent('Live');
    });
    const shown: string[] = [];
    const observer = new MutationObserver(() => {
      shown.push(liveStatus().textContent);
    });
    observer.observe(liveStatus(), { childList: true, characterData: true, subtree: true });

    await waitFor(
      () => {
        expect(api().callsTo('tasks.changes')).toHaveLength(2);
      },
      { timeout: 10_000 },
    );
    await caller.tasks.create({ title: 'After the move' });
    expect(await screen.findByText('After the move')).toBeInTheDocument();
    observer.disconnect();

    expect(api().callsTo('auth.refresh')).toHaveLength(1);
    expect(api().callsTo('tasks.changes')[1]).toEqual({
      lastEventId: expect.any(String) as string,
    });
    // Never shown as reconnecting: the old stream ran until the new token was at hand.
    expect(shown).toEqual([]);
    // The file's API has one cookie jar: the next test must not find this session's cookie.
    await services.client.auth.signOut.mutate();
  });

  it('ends the live status and the session when signed out everywhere elsewhere', async () => {
    const person = await api().signedInUser();
    await liveScreen(person);
    await person.caller.auth.signOutEverywhere();
    expect(await screen.findByText(SESSION_ENDED_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Live updates' })).toBeNull();
  });
});
