// The occurrences of a recurring task, computed by rrule-temporal: an RFC 5545 engine on the
// Temporal API, maintained, which generates local wall-clock times in an IANA zone. So "every day
// at 9:00" stays at 9:00 across a daylight-saving change, a time inside a spring-forward gap is
// skipped as RFC 5545 says, and month ends follow BYMONTHDAY=-1. (rrule.js, the older choice,
// computes in UTC and shifts, which is where its DST bugs come from.)
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';

import type { Recurrence } from './recurrence-schemas';

export interface Series {
  rule: Recurrence;
  /** The first occurrence: its wall-clock time in `timeZone` is kept by every occurrence. */
  start: Date;
  /** The person's IANA time zone (User.timeZone). */
  timeZone: string;
}

/**
 * The first occurrence strictly after `after`, or null when the series has ended (`until` passed,
 * or `count` occurrences used up, counted from `start`).
 */
export function nextOccurrence(series: Series, after: Date): Date | null {
  const next = ruleOf(series).next(after, false);
  return next === null ? null : new Date(next.epochMilliseconds);
}

/**
 * The first occurrence at or after `notBefore` of a series that would start at `series.start`,
 * counting `start` itself only when the rule matches it: "every weekday at 9:00" starting on a
 * Saturday begins on the Monday. For a new series whose first due time is still to be chosen
 * (quick add), where `nextOccurrence` serves one whose first due time is set.
 */
export function firstOccurrence(series: Series, notBefore: Date): Date | null {
  const first = ruleOf(series, { includeStart: false }).next(notBefore, true);
  return first === null ? null : new Date(first.epochMilliseconds);
}

/** Occurrences in [from, to], at most `limit` (for previews such as "next 3"). */
export function occurrencesBetween(
  series: Series,
  window: { from: Date; to: Date; limit?: number },
): Date[] {
  return ruleOf(series)
    .between(window.from, window.to, true)
    .slice(0, window.limit ?? 50)
    .map((occurrence) => new Date(occurrence.epochMilliseconds));
}

function ruleOf(
  { rule, start, timeZone }: Series,
  { includeStart }: { includeStart: boolean } = { includeStart: true },
): RRuleTemporal {
  const dtstart = zoned(start, timeZone);
  return new RRuleTemporal({
    freq:
      rule.freq === 'daily'
        ? 'DAILY'
        : rule.freq === 'weekly'
          ? 'WEEKLY'
          : rule.freq === 'monthly'
            ? 'MONTHLY'
            : 'YEARLY',
    interval: rule.interval,
    ...(rule.byWeekday === undefined ? {} : { byDay: [...rule.byWeekday] }),
    ...(rule.byMonthDay === undefined ? {} : { byMonthDay: [...rule.byMonthDay] }),
    ...(rule.count === undefined ? {} : { count: rule.count }),
    ...(rule.until === undefined ? {} : { until: zoned(rule.until, 'UTC') }),
    tzid: timeZone,
    dtstart,
    // A series starts at its first due time even when that day does not match the rule (a task
    // due Sunday that repeats on weekdays): the person chose both.
    includeDtstart: includeStart,
    cache: false,
  });
}

function zoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
}
