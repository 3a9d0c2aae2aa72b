// The first due date of a repeat read from a line, checked against the server's recurrence
// engine (rrule-temporal) over every kind of rule a line can say, across month and year ends,
// leap days and daylight-saving changes, in four zones.
import { describe, expect, it } from 'vitest';

import { firstOccurrence } from '../recurrence/next-occurrence';
import type { Recurrence } from '../recurrence/recurrence-schemas';
import { firstDueOf } from './first-due';
import { instantOfWallTime, type WallTime } from './zoned-time';

const RULES: Recurrence[] = [
  { freq: 'daily', interval: 1 },
  { freq: 'weekly', interval: 1 },
  { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TH'] },
  { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
  { freq: 'weekly', interval: 1, byWeekday: ['SA', 'SU'] },
  { freq: 'monthly', interval: 1 },
  { freq: 'monthly', interval: 1, byMonthDay: [1] },
  { freq: 'monthly', interval: 1, byMonthDay: [1, 15] },
  { freq: 'monthly', interval: 1, byMonthDay: [-1] },
  { freq: 'monthly', interval: 1, byMonthDay: [30] },
  { freq: 'monthly', interval: 1, byMonthDay: [31] },
  { freq: 'yearly', interval: 1 },
];

const ZONES = ['America/New_York', 'Europe/Paris', 'Asia/Tokyo', 'Pacific/Auckland'];

// Month and year ends, a leap day, and the daylight-saving changes of New York, Paris and
// Auckland in 2026.
const DAYS: [number, number, number][] = [
  [2026, 1, 31],
  [2026, 2, 28],
  [2026, 3, 8],
  [2026, 3, 29],
  [2026, 4, 5],
  [2026, 9, 27],
  [2026, 10, 25],
  [2026, 11, 1],
  [2026, 11, 30],
  [2026, 12, 31],
  [2028, 2, 29],
];

const TIMES = [
  { hour: 0, minute: 0, second: 0, millisecond: 0 },
  { hour: 9, minute: 0, second: 0, millisecond: 0 },
  { hour: 23, minute: 59, second: 59, millisecond: 999 },
];

describe('the first due date of a repeat read from a line', () => {
  it('is the recurrence engine’s first occurrence, for every rule, start and zone', () => {
    let compared = 0;
    for (const timeZone of ZONES) {
      for (const [year, month, day] of DAYS) {
        for (const time of TIMES) {
          const start: WallTime = { year, month, day, ...time };
          const startAt = instantOfWallTime(start, timeZone);
          // Said before the start (a named day), and said later the same day (today, past the time).
          for (const notBefore of [startAt, new Date(startAt.getTime() + 3_600_000)]) {
            for (const rule of RULES) {
              const engine = firstOccurrence({ rule, start: startAt, timeZone }, notBefore);
              const found = firstDueOf(rule, { start, timeZone, notBefore });
              expect(
                { rule, start, timeZone, notBefore, found },
                JSON.stringify({ rule, start, timeZone }),
              ).toEqual({ rule, start, timeZone, notBefore, found: engine });
              compared += 1;
            }
          }
        }
      }
    }
    expect(compared).toBe(ZONES.length * DAYS.length * TIMES.length * 2 * RULES.length);
  });
});
