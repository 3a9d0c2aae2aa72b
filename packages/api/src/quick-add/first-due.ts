// The first due date of a repeat read from a line ("every weekday at 9"), found on the calendar
// in the person's zone. The recurrence engine (rrule-temporal with a Temporal polyfill, about
// 75 kB gzip) stays out of this client-safe entry: a line names one frequency with weekdays or
// days of the month and no end, and for such a rule the first date is the first calendar day the
// rule allows, checked one day at a time. The server's engine takes over from the second
// occurrence on; first-due.test.ts checks this against the engine's first occurrence.
import { RECURRENCE_WEEKDAYS } from '../contract/recurrence-rules';
import type { Recurrence } from '../recurrence/recurrence-schemas';
import { instantOfWallTime, type WallTime } from './zoned-time';

interface Day {
  year: number;
  month: number;
  day: number;
}

/** A calendar day `offset` days after `day` (plain calendar arithmetic, no zone involved). */
function dayAfter(day: Day, offset: number): Day & { weekday: number } {
  const date = new Date(0);
  date.setUTCFullYear(day.year, day.month - 1, day.day + offset);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    // 0 = Monday, as RECURRENCE_WEEKDAYS lists them.
    weekday: (date.getUTCDay() + 6) % 7,
  };
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  // Day 0 of the next month is the last of this one.
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/**
 * Whether `rule` has an occurrence on `day`, for a series that starts on `anchor` (RFC 5545: a
 * weekly rule without weekdays repeats on the start's weekday, a monthly one on its day of the
 * month, a yearly one on its date).
 */
function allows(
  rule: Recurrence,
  day: Day & { weekday: number },
  anchor: Day & { weekday: number },
): boolean {
  const weekdays = rule.byWeekday ?? [];
  const monthDays = rule.byMonthDay ?? [];
  if (weekdays.length > 0 && !weekdays.some((name) => RECURRENCE_WEEKDAYS[day.weekday] === name)) {
    return false;
  }
  if (monthDays.length > 0) {
    const length = daysInMonth(day.year, day.month);
    // -1 is the last day of the month; a day a month lacks (the 30th in February) is skipped.
    return monthDays.some(
      (monthDay) => (monthDay > 0 ? monthDay : length + 1 + monthDay) === day.day,
    );
  }
  if (weekdays.length > 0) return true;
  switch (rule.freq) {
    case 'daily':
      return true;
    case 'weekly':
      return day.weekday === anchor.weekday;
    case 'monthly':
      return day.day === anchor.day;
    case 'yearly':
      return day.month === anchor.month && day.day === anchor.day;
  }
}

/** Enough days for any rule a line can say: a yearly 29 February waits up to eight years. */
const MAX_DAYS = 8 * 366;

/**
 * The first occurrence at or after `notBefore` of `rule` started at `start` (a wall time in
 * `timeZone`): on the first day the rule allows, at the start's time of day. Null when there is
 * none within eight years (no rule read from a line).
 */
export function firstDueOf(
  rule: Recurrence,
  { start, timeZone, notBefore }: { start: WallTime; timeZone: string; notBefore: Date },
): Date | null {
  const anchor = dayAfter(start, 0);
  for (let offset = 0; offset < MAX_DAYS; offset += 1) {
    const day = dayAfter(start, offset);
    if (!allows(rule, day, anchor)) continue;
    const at = instantOfWallTime(
      { ...start, year: day.year, month: day.month, day: day.day },
      timeZone,
    );
    if (at.getTime() >= notBefore.getTime()) return at;
  }
  return null;
}
