// Due dates as a person picks them: a calendar day in their own time zone. A day is stored as
// its last instant, so a task due today is "due today" until midnight and overdue after it.

/**
 * `YYYY-MM-DD` from a date input, with an optional `HH:MM` from a time input, to that local
 * instant; without a time, the end of that day. An empty date means no due date.
 */
export function dueAtFromInput(value: string, time = ''): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (clock === null) return new Date(year, month - 1, day, 23, 59, 59, 999);
  return new Date(year, month - 1, day, Number(clock[1]), Number(clock[2]));
}

/** The local time of a due date for a time input; empty when only a day was chosen. */
export function timeInputFromDueAt(dueAt: Date | null): string {
  if (dueAt === null || isEndOfDay(dueAt)) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(dueAt.getHours())}:${pad(dueAt.getMinutes())}`;
}

/** The local calendar day of a due date, for a date input. */
export function inputFromDueAt(dueAt: Date | null): string {
  if (dueAt === null) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${dueAt.getFullYear()}-${pad(dueAt.getMonth() + 1)}-${pad(dueAt.getDate())}`;
}

export const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() &&
  a.getMonth() === b.getMonth() &&
  a.getDate() === b.getDate();

export type DueStatus = 'none' | 'overdue' | 'today' | 'upcoming' | 'done';

/** Matches the server: overdue is an unfinished task whose due instant has passed. */
export function dueStatus(task: Pick<Task, 'dueAt' | 'completed'>, now: Date): DueStatus {
  if (task.dueAt === null) return 'none';
  if (task.completed) return 'done';
  if (task.dueAt.getTime() < now.getTime()) return 'overdue';
  if (sameDay(task.dueAt, now)) return 'today';
  return 'upcoming';
}

const isEndOfDay = (date: Date): boolean => date.getHours() === 23 && date.getMinutes() === 59;

/** "Today", "Tomorrow", "Yesterday", or a short date; the time only when one was chosen. */
export function formatDue(dueAt: Date, now: Date): string {
  const time = isEndOfDay(dueAt)
    ? ''
    : `, ${dueAt.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`;
  const dayOffset = (offset: number): Date => {
    const day = new Date(now);
    day.setDate(day.getDate() + offset);
    return day;
  };
  if (sameDay(dueAt, now)) return `Today${time}`;
  if (sameDay(dueAt, dayOffset(1))) return `Tomorrow${time}`;
  if (sameDay(dueAt, dayOffset(-1))) return `Yesterday${time}`;
  const sameYear = dueAt.getFullYear() === now.getFullYear();
  const date = dueAt.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${date}${time}`;
}
import type { Task } from '@tasklane/api/client';
