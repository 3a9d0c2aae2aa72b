// A task's reminders in its edit form: up to 5, each at a time or some minutes, hours or days
// before the due time. They are saved as they are added or removed (they are rows of their own,
// not fields of the task), and "Allow notifications" is where the browser is asked, on a click.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';

import { REMINDER_LIMITS } from '@tasklane/api/contract';
import type { RouterOutputs, Task } from '@tasklane/api/client';

import { errorMessage } from '../trpc/error-message';
import { useTRPC } from '../trpc/trpc';
import { Button } from '../ui/button';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import { useAccountTimeZone } from './account-time-zone';
import { dueAtFromInput, formatDue } from './due-dates';
import { useNotificationAccess } from './reminder-alerts';

type Reminder = RouterOutputs['reminders']['list'][number];
type Kind = 'before' | 'at';
type Unit = 'minutes' | 'hours' | 'days';

const UNIT_MINUTES: Record<Unit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

/** "30 minutes before due", "1 day before due", in the largest unit that divides it. */
export function beforeText(minutes: number): string {
  if (minutes === 0) return 'At the due time';
  const unit: Unit =
    minutes % UNIT_MINUTES.days === 0
      ? 'days'
      : minutes % UNIT_MINUTES.hours === 0
        ? 'hours'
        : 'minutes';
  const count = minutes / UNIT_MINUTES[unit];
  return `${count} ${count === 1 ? unit.slice(0, -1) : unit} before due`;
}

function reminderText(reminder: Reminder, now: Date, timeZone: string): string {
  const what =
    reminder.minutesBefore === null
      ? `At ${reminder.at === null ? '' : formatDue(reminder.at, now, timeZone)}`
      : beforeText(reminder.minutesBefore);
  if (reminder.fireAt === null) {
    return reminder.minutesBefore === null ? what : `${what} (needs a due time)`;
  }
  return reminder.minutesBefore === null
    ? what
    : `${what} · ${formatDue(reminder.fireAt, now, timeZone)}`;
}

export function TaskReminders({ task }: { task: Task }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listOptions = trpc.reminders.list.queryOptions({ taskId: task.id });
  const reminders = useQuery(listOptions);
  const refresh = (): Promise<void> => queryClient.invalidateQueries(listOptions);
  const create = useMutation(trpc.reminders.create.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.reminders.delete.mutationOptions({ onSettled: refresh }));
  const [kind, setKind] = useState<Kind>(task.dueAt === null ? 'at' : 'before');
  const [amount, setAmount] = useState('30');
  const [unit, setUnit] = useState<Unit>('minutes');
  const [at, setAt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const now = new Date();
  // The time typed is a wall time in the account's zone, as due times are.
  const timeZone = useAccountTimeZone();
  const items = reminders.data ?? [];
  const full = items.length >= REMINDER_LIMITS.perTask;

  const add = async (): Promise<void> => {
    setProblem(null);
    const [day = '', clock = ''] = at.split('T');
    const time = dueAtFromInput(day, clock.slice(0, 5), timeZone) ?? new Date(Number.NaN);
    const minutesBefore = Number(amount) * UNIT_MINUTES[unit];
    if (kind === 'at' && Number.isNaN(time.getTime())) {
      setProblem('Choose a date and time.');
      return;
    }
    if (kind === 'before' && (amount.trim() === '' || !Number.isInteger(minutesBefore))) {
      setProblem('Enter a whole number.');
      return;
    }
    try {
      await create.mutateAsync(
        kind === 'at' ? { taskId: task.id, at: time } : { taskId: task.id, minutesBefore },
      );
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  // Enter adds the reminder here, instead of saving the task's form around it.
  const addOnEnter = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void add();
  };

  return (
    <fieldset className="flex flex-col gap-2 sm:col-span-3">
      <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">
        Reminders{' '}
        <span className="font-normal text-slate-600 dark:text-slate-400">
          (up to {REMINDER_LIMITS.perTask}, saved as you add them)
        </span>
      </legend>
      {items.length > 0 && (
        <ul className="flex flex-col gap-1">
          {items.map((reminder) => {
            const text = reminderText(reminder, now, timeZone);
            return (
              <li key={reminder.id} className="flex items-center justify-between gap-2 text-sm">
                <span>{text}</span>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove reminder: ${text}`}
                  onClick={() => {
                    remove.mutate({ id: reminder.id });
                  }}
                >
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {full ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This task has {REMINDER_LIMITS.perTask} reminders, the most it can have.
        </p>
      ) : (
        <div className="flex flex-wrap items-end gap-2" onKeyDown={addOnEnter}>
          <SelectField
            label="Remind me"
            value={kind}
            options={[
              { value: 'before', label: 'Before the due time' },
              { value: 'at', label: 'At a time' },
            ]}
            onValueChange={setKind}
          />
          {kind === 'before' ? (
            <>
              <TextField
                label="How long before"
                inputMode="numeric"
                value={amount}
                aria-describedby={problem === null ? undefined : problemId}
                onChange={(event) => {
                  setAmount(event.target.value);
                }}
                className="w-24"
              />
              <SelectField
                label="Unit"
                value={unit}
                options={[
                  { value: 'minutes', label: 'minutes' },
                  { value: 'hours', label: 'hours' },
                  { value: 'days', label: 'days' },
                ]}
                onValueChange={setUnit}
              />
            </>
          ) : (
            <TextField
              label="Reminder time"
              type="datetime-local"
              value={at}
              aria-describedby={problem === null ? undefined : problemId}
              onChange={(event) => {
                setAt(event.target.value);
              }}
            />
          )}
          <Button
            variant="secondary"
            size="sm"
            pending={create.isPending}
            onClick={() => void add()}
          >
            Add reminder
          </Button>
        </div>
      )}
      {problem !== null && (
        <p
          id={problemId}
          role="alert"
          className="text-sm font-medium text-red-700 dark:text-red-400"
        >
          {problem}
        </p>
      )}
      <NotificationSwitch />
    </fieldset>
  );
}

/** Where the browser is asked to show reminders as notifications: only when this is clicked. */
function NotificationSwitch() {
  const { access, ask } = useNotificationAccess();
  switch (access) {
    case 'unsupported':
      return null;
    case 'granted':
      return (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Reminders also show as notifications in this browser.
        </p>
      );
    case 'denied':
      return (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Notifications are blocked for Tasklane in this browser’s settings; reminders show here.
        </p>
      );
    case 'default':
      return (
        <div>
          <Button variant="secondary" size="sm" onClick={() => void ask()}>
            Allow notifications
          </Button>
        </div>
      );
  }
}
