// Due dates as a person picks them: a calendar day in their account's time zone (`User.timeZone`),
// whatever zone the browser is in. A day is stored as its last instant, so a task due today is
// "due today" until midnight there and overdue after it.
import { instantOfWallTime, wallTimeAt, type Task, type WallTime } from '@tasklane/api/client';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `YYYY-MM-DD` from a date input, with an optional `HH:MM` from a time input, to that instant in
 * `timeZone`; without a time, the end of that day. An empty date means no due date.
 */
export function dueAtFromInput(value: string, time: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  const wall: WallTime =
    clock === null
      ? { year, month, day, hour: 23, minute: 59, second: 59, millisecond: 999 }
      : {
          year,
          month,
          day,
          hour: Number(clock[1]),
          minute: Number(clock[2]),
          second: 0,
          millisecond: 0,
        };
  return instantOfWallTime(wall, timeZone);
}

/** The time of a due date in `timeZone` for a time input; empty when only a day was chosen. */
export function timeInputFromDueAt(dueAt: Date | null, timeZone: string): string {
  if (dueAt === null) return '';
  const wall = wallTimeAt(dueAt, timeZone);
  return isEndOfDay(wall) ? '' : `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The calendar day of a due date in `timeZone`, for a date input. */
export function inputFromDueAt(dueAt: Date | null, timeZone: string): string {
  if (dueAt === null) return '';
  const wall = wallTimeAt(dueAt, timeZone);
  return `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** Days from `now`'s calendar day to `instant`'s, both in `timeZone` (yesterday: -1). */
function daysBetween(now: Date, instant: Date, timeZone: string): number {
  const day = (date: Date): number => {
    const wall = wallTimeAt(date, timeZone);
    return Date.UTC(wall.year, wall.month - 1, wall.day) / 86_400_000;
  };
  return Math.round(day(instant) - day(now));
}

export const sameDay = (a: Date, b: Date, timeZone: string): boolean =>
  daysBetween(a, b, timeZone) === 0;

export type DueStatus = 'none' | 'overdue' | 'today' | 'upcoming' | 'done';

/** Matches the server: overdue is an unfinished task whose due instant has passed. */
export function dueStatus(
  task: Pick<Task, 'dueAt' | 'completed'>,
  now: Date,
  timeZone: string,
): DueStatus {
  if (task.dueAt === null) return 'none';
  if (task.completed) return 'done';
  if (task.dueAt.getTime() < now.getTime()) return 'overdue';
  if (sameDay(task.dueAt, now, timeZone)) return 'today';
  return 'upcoming';
}

const isEndOfDay = (wall: WallTime): boolean => wall.hour === 23 && wall.minute === 59;

/** "Today", "Tomorrow", "Yesterday", or a short date; the time only when one was chosen. */
export function formatDue(dueAt: Date, now: Date, timeZone: string): string {
  const wall = wallTimeAt(dueAt, timeZone);
  const time = isEndOfDay(wall)
    ? ''
    : `, ${dueAt.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', timeZone })}`;
  const offset = daysBetween(now, dueAt, timeZone);
  if (offset === 0) return `Today${time}`;
  if (offset === 1) return `Tomorrow${time}`;
  if (offset === -1) return `Yesterday${time}`;
  const sameYear = wall.year === wallTimeAt(now, timeZone).year;
  const date = dueAt.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    timeZone,
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${date}${time}`;
}
