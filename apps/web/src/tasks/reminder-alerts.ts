// In-app reminders: a `reminder` event on the live stream is a toast, and also a browser
// Notification when the person allowed them. Permission is asked only from a click ("Allow
// notifications"): a prompt on load is one nobody asked for, and browsers quiet or block it.
import { useCallback, useState } from 'react';

import type { TaskEvent } from '@tasklane/api/client';

import { useToast } from '../ui/toasts';
import { useAccountTimeZone } from './account-time-zone';
import { formatDue } from './due-dates';

export type ReminderEvent = Extract<TaskEvent, { type: 'reminder' }>;
export type NotificationAccess = NotificationPermission | 'unsupported';

/** Long enough to be read when it arrives while the person looks elsewhere. */
const REMINDER_TOAST_MS = 15_000;

export function notificationAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The browser's permission, and the question to ask it (call only from a click). */
export function useNotificationAccess(): { access: NotificationAccess; ask: () => Promise<void> } {
  const [access, setAccess] = useState(notificationAccess);
  const ask = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    setAccess(await Notification.requestPermission());
  }, []);
  return { access, ask };
}

/** When the task is due, in the account's zone. */
interface Moment {
  now: Date;
  timeZone: string;
}

function reminderText(event: ReminderEvent, { now, timeZone }: Moment): string {
  const due = event.task.dueAt;
  return due === null ? 'Reminder' : `Due ${formatDue(due, now, timeZone)}`;
}

function notify(event: ReminderEvent, now: Moment): void {
  if (notificationAccess() !== 'granted') return;
  const notification = new Notification(`Reminder: ${event.task.title}`, {
    body: reminderText(event, now),
    // One per reminder and fire time, however many tabs show it: a second replaces the first.
    tag: `reminder:${event.reminderId}:${event.fireAt.toISOString()}`,
  });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

/** What the task screen does with a reminder event. */
export function useReminderAlerts(): (event: ReminderEvent) => void {
  const { show } = useToast();
  const timeZone = useAccountTimeZone();
  return useCallback(
    (event: ReminderEvent) => {
      const now = { now: new Date(), timeZone };
      show({
        message: `Reminder: “${event.task.title}”. ${reminderText(event, now)}.`,
        durationMs: REMINDER_TOAST_MS,
      });
      notify(event, now);
    },
    [show, timeZone],
  );
}
