// Reads --due and shows due dates, in the account's time zone: a calendar day means the end of
// that day there, as the web app stores it.
import { instantOfWallTime, wallTimeAt, type WallTime } from '@tasklane/api/client';

import { UsageError } from './cli-errors';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_AND_TIME = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})$/;

export interface DueReference {
  now: Date;
  /** IANA zone the words are read in (the account's). */
  timeZone: string;
}

/** --due's text as a due date once the zone is known: the words are checked first, offline. */
export type DueReader = (at: DueReference) => Date;

export function readDue(text: string): DueReader {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'today') return (at) => endOfDay(dayAfter(at, 0), at.timeZone);
  if (trimmed === 'tomorrow') return (at) => endOfDay(dayAfter(at, 1), at.timeZone);

  const day = DAY.exec(trimmed) ?? DAY_AND_TIME.exec(trimmed);
  if (day !== null) {
    const [year, month, date, hour, minute] = day.slice(1).map(Number);
    if (
      year !== undefined &&
      month !== undefined &&
      date !== undefined &&
      isCalendarDay(year, month, date) &&
      (hour === undefined || (hour < 24 && minute !== undefined && minute < 60))
    ) {
      const wall = { year, month, day: date };
      return (at) =>
        hour === undefined || minute === undefined
          ? endOfDay(wall, at.timeZone)
          : instantOfWallTime({ ...wall, hour, minute, second: 0, millisecond: 0 }, at.timeZone);
    }
  } else if (/^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}/.test(trimmed)) {
    // With an offset ("…T17:00Z", "…T17:00+02:00") the text names an instant already.
    const due = new Date(trimmed.replace(' ', 't').toUpperCase());
    if (!Number.isNaN(due.getTime())) return () => due;
  }
  throw new UsageError(
    `--due must be a date such as 2026-12-01, 2026-12-01T17:00, today or tomorrow (got "${text}")`,
  );
}

type Day = Pick<WallTime, 'year' | 'month' | 'day'>;

/** 2026-02-30 is refused, not rolled over to March. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dayAfter(at: DueReference, days: number): Day {
  const today = wallTimeAt(at.now, at.timeZone);
  const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function endOfDay(day: Day, timeZone: string): Date {
  return instantOfWallTime(
    { ...day, hour: 23, minute: 59, second: 59, millisecond: 999 },
    timeZone,
  );
}

/** The due date in `timeZone`: the day, plus the time unless it is the end of the day. */
export function formatDue(due: Date, timeZone: string): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const wall = wallTimeAt(due, timeZone);
  const day = `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}`;
  const endOfTheDay = wall.hour === 23 && wall.minute === 59;
  return endOfTheDay ? day : `${day} ${pad(wall.hour)}:${pad(wall.minute)}`;
}
