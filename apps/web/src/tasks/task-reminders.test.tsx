import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';
import { openEditForm, tomorrowAtNine } from '../test/task-editing';

const api = inProcessApi();

/** The browser's Notification as far as the app uses it (jsdom has none). */
function stubNotifications(permission: NotificationPermission) {
  const shown: { title: string; options: NotificationOptions | undefined }[] = [];
  const requestPermission = vi.fn(() => Promise.resolve<NotificationPermission>('granted'));
  class FakeNotification {
    static permission = permission;
    static requestPermission = async (): Promise<NotificationPermission> => {
      FakeNotification.permission = await requestPermission();
      return FakeNotification.permission;
    };
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
    close(): void {}
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, requestPermission };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a task’s reminders', () => {
  it('adds reminders before the due time and at a time', async () => {
    const person = await api().signedInUser();
    const task = await person.caller.tasks.create({ title: 'Call Ana', dueAt: tomorrowAtNine() });
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    const form = await openEditForm(user, 'Call Ana');
    const reminders = within(form.getByRole('group', { name: /^Reminders/ }));

    // 1 hour before: Enter adds the reminder, and does not save (and close) the task's form.
    const amount = reminders.getByLabelText('How long before');
    await user.clear(amount);
    await user.type(amount, '1');
    await user.selectOptions(reminders.getByLabelText('Unit'), 'hours');
    await user.click(amount);
    await user.keyboard('{Enter}');
    expect(await reminders.findByText(/^1 hour before due/)).toBeInTheDocument();

    await user.selectOptions(reminders.getByLabelText('Remind me'), 'At a time');
    await user.type(reminders.getByLabelText('Reminder time'), '2030-01-02T08:15');
    await user.click(reminders.getByRole('button', { name: 'Add reminder' }));
    await waitFor(async () => {
      const saved = await person.caller.reminders.list({ taskId: task.id });
      expect(saved.map(({ at, minutesBefore }) => ({ at, minutesBefore }))).toEqual([
        { at: null, minutesBefore: 60 },
        { at: new Date(2030, 0, 2, 8, 15), minutesBefore: null },
      ]);
    });
  });

  it('removes a reminder, and offers no more past 5', async () => {
    const person = await api().signedInUser();
    const task = await person.caller.tasks.create({ title: 'Call Ben', dueAt: tomorrowAtNine() });
    for (const minutesBefore of [0, 5, 10, 15]) {
      await person.caller.reminders.create({ taskId: task.id, minutesBefore });
    }
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    const form = await openEditForm(user, 'Call Ben');
    const reminders = within(form.getByRole('group', { name: /^Reminders/ }));
    await user.click(
      await reminders.findByRole('button', { name: /^Remove reminder: 5 minutes before/ }),
    );
    await waitFor(async () => {
      expect(await person.caller.reminders.list({ taskId: task.id })).toHaveLength(3);
    });
    await person.caller.reminders.create({ taskId: task.id, minutesBefore: 20 });
    await user.click(reminders.getByRole('button', { name: 'Add reminder' }));
    expect(
      await reminders.findByText('This task has 5 reminders, the most it can have.'),
    ).toBeInTheDocument();
    expect(reminders.queryByRole('button', { name: 'Add reminder' })).toBeNull();
  });

  it('shows a delivered reminder as a toast and, when allowed, a browser notification', async () => {
    const { shown } = stubNotifications('granted');
    const person = await api().signedInUser();
    const task = await person.caller.tasks.create({ title: 'Take pills', dueAt: tomorrowAtNine() });
    renderApp(api(), { session: person.session });
    await screen.findByText('Take pills');
    await screen.findByText('Live');
    // Due now: the reminder runner delivers it on the live stream.
    const reminder = await person.caller.reminders.create({ taskId: task.id, at: new Date() });

    expect(await screen.findByText(/^Reminder: “Take pills”/)).toBeInTheDocument();
    expect(shown).toEqual([
      {
        title: 'Reminder: Take pills',
        options: expect.objectContaining({
          tag: expect.stringContaining(`reminder:${reminder.id}:`) as unknown,
        }) as unknown,
      },
    ]);
  });

  it('asks for notifications only when "Allow notifications" is clicked', async () => {
    const { requestPermission, shown } = stubNotifications('default');
    const person = await api().signedInUser();
    const task = await person.caller.tasks.create({ title: 'Stretch', dueAt: tomorrowAtNine() });
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    await screen.findByText('Live');
    await user.click(await screen.findByRole('button', { name: 'Edit “Stretch”' }));
    await person.caller.reminders.create({ taskId: task.id, at: new Date() });
    // Not allowed yet: a toast only.
    expect(await screen.findByText(/^Reminder: “Stretch”/)).toBeInTheDocument();
    expect(shown).toEqual([]);
    expect(requestPermission).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Allow notifications' }));
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByText('Reminders also show as notifications in this browser.'),
    ).toBeInTheDocument();
  });
});
