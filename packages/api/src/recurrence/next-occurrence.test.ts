import { describe, expect, it } from 'vitest';

import {
  firstOccurrence,
  nextOccurrence,
  occurrencesBetween,
  type Series,
} from './next-occurrence';
import { recurrenceSchema, type RecurrenceInput } from './recurrence-schemas';

function series(rule: RecurrenceInput, start: string, timeZone: string): Series {
  return { rule: recurrenceSchema.parse(rule), start: new Date(start), timeZone };
}

/** Every occurrence after `start`, one `nextOccurrence` at a time, as completing the task would. */
function walk(of: Series, steps: number): (string | null)[] {
  const seen: (string | null)[] = [];
  let after = of.start;
  for (let step = 0; step < steps; step += 1) {
    const next = nextOccurrence(of, after);
    seen.push(next === null ? null : next.toISOString());
    if (next === null) break;
    after = next;
  }
  return seen;
}

describe('next occurrence', () => {
  it.each<{ name: string; rule: RecurrenceInput; start: string; zone: string; next: string[] }>([
    {
      name: 'every day at 9:00 New York keeps 9:00 across the March change (EST to EDT)',
      rule: { freq: 'daily' },
      start: '2026-03-06T14:00:00Z', // Friday 9:00 EST
      zone: 'America/New_York',
      next: ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z'],
    },
    {
      name: 'every day at 9:00 New York keeps 9:00 across the November change (EDT to EST)',
      rule: { freq: 'daily' },
      start: '2026-10-30T13:00:00Z', // Friday 9:00 EDT
      zone: 'America/New_York',
      next: ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'],
    },
    {
      name: 'every weekday skips the weekend',
      rule: { freq: 'weekly', byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      start: '2026-03-05T14:00:00Z', // Thursday 9:00 EST
      zone: 'America/New_York',
      next: ['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-10T13:00:00.000Z'],
    },
    {
      name: 'every 2 weeks on Monday and Thursday',
      rule: { freq: 'weekly', interval: 2, byWeekday: ['TH', 'MO'] },
      start: '2026-01-05T08:00:00Z', // Monday 9:00 in Berlin
      zone: 'Europe/Berlin',
      next: ['2026-01-08T08:00:00.000Z', '2026-01-19T08:00:00.000Z', '2026-01-22T08:00:00.000Z'],
    },
    {
      name: 'the last day of every month, leap February included',
      rule: { freq: 'monthly', byMonthDay: [-1] },
      start: '2027-12-31T17:00:00Z', // 18:00 in Berlin
      zone: 'Europe/Berlin',
      next: ['2028-01-31T17:00:00.000Z', '2028-02-29T17:00:00.000Z', '2028-03-31T16:00:00.000Z'],
    },
    {
      name: 'every month on the 31st skips months without one (RFC 5545); the last day is -1',
      rule: { freq: 'monthly' },
      start: '2026-01-31T12:00:00Z',
      zone: 'UTC',
      next: ['2026-03-31T12:00:00.000Z', '2026-05-31T12:00:00.000Z', '2026-07-31T12:00:00.000Z'],
    },
    {
      name: 'every year',
      rule: { freq: 'yearly' },
      start: '2026-02-28T09:30:00Z',
      zone: 'UTC',
      next: ['2027-02-28T09:30:00.000Z', '2028-02-28T09:30:00.000Z'],
    },
    {
      name: 'every day at 23:30 in Tokyo over the end of the year',
      rule: { freq: 'daily' },
      start: '2026-12-30T14:30:00Z', // 23:30 JST
      zone: 'Asia/Tokyo',
      next: ['2026-12-31T14:30:00.000Z', '2027-01-01T14:30:00.000Z'],
    },
    {
      name: 'every month on the 1st at 9:00 in Kolkata (a half-hour offset)',
      rule: { freq: 'monthly', byMonthDay: [1] },
      start: '2026-11-01T03:30:00Z',
      zone: 'Asia/Kolkata',
      next: ['2026-12-01T03:30:00.000Z', '2027-01-01T03:30:00.000Z'],
    },
  ])('$name', ({ rule, start, zone, next }) => {
    expect(walk(series(rule, start, zone), next.length)).toEqual(next);
  });

  it('a series ending by count has that many occurrences, its first included; then none', () => {
    const of = series({ freq: 'daily', count: 3 }, '2026-06-01T07:00:00Z', 'UTC');
    expect(walk(of, 5)).toEqual(['2026-06-02T07:00:00.000Z', '2026-06-03T07:00:00.000Z', null]);
  });

  it('a series ending by date has none after it', () => {
    const of = series(
      { freq: 'weekly', until: new Date('2026-06-15T23:59:59Z') },
      '2026-06-01T07:00:00Z',
      'UTC',
    );
    expect(walk(of, 5)).toEqual(['2026-06-08T07:00:00.000Z', '2026-06-15T07:00:00.000Z', null]);
  });

  it('the next occurrence after a late completion is the first one still ahead', () => {
    const of = series({ freq: 'daily' }, '2026-06-01T07:00:00Z', 'UTC');
    expect(nextOccurrence(of, new Date('2026-06-10T12:00:00Z'))?.toISOString()).toBe(
      '2026-06-11T07:00:00.000Z',
    );
  });

  it('lists the occurrences in a window', () => {
    const of = series(
      { freq: 'weekly', byWeekday: ['SA', 'SU'] },
      '2026-03-07T15:00:00Z',
      'America/New_York',
    );
    expect(
      occurrencesBetween(of, {
        from: new Date('2026-03-07T00:00:00Z'),
        to: new Date('2026-03-15T23:00:00Z'),
      }).map((date) => date.toISOString()),
    ).toEqual([
      '2026-03-07T15:00:00.000Z',
      '2026-03-08T14:00:00.000Z',
      '2026-03-14T14:00:00.000Z',
      '2026-03-15T14:00:00.000Z',
    ]);
  });
});

describe('recurrence schema', () => {
  it('defaults the interval to 1 and orders weekdays and month days', () => {
    expect(
      recurrenceSchema.parse({
        freq: 'weekly',
        byWeekday: ['FR', 'MO', 'FR'],
        byMonthDay: [15, -1, 15],
      }),
    ).toEqual({ freq: 'weekly', interval: 1, byWeekday: ['MO', 'FR'], byMonthDay: [-1, 15] });
  });

  it.each<[string, unknown, string]>([
    ['a series ending two ways', { freq: 'daily', count: 2, until: new Date() }, 'count'],
    ['an interval of 0', { freq: 'daily', interval: 0 }, 'interval'],
    ['an interval over 365', { freq: 'daily', interval: 366 }, 'interval'],
    ['day 0 of the month', { freq: 'monthly', byMonthDay: [0] }, 'byMonthDay'],
    ['an unknown weekday', { freq: 'weekly', byWeekday: ['XX'] }, 'byWeekday'],
    ['no weekday', { freq: 'weekly', byWeekday: [] }, 'byWeekday'],
    ['an hourly rule', { freq: 'hourly' }, 'freq'],
  ])('refuses %s with a field error', (_name, input, field) => {
    const result = recurrenceSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });
});

describe('first occurrence', () => {
  it.each<{
    name: string;
    rule: RecurrenceInput;
    start: string;
    notBefore: string;
    zone: string;
    first: string;
  }>([
    {
      name: 'every weekday from a Saturday begins on the Monday',
      rule: { freq: 'weekly', byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      start: '2026-03-07T14:00:00Z', // Saturday 9:00 EST
      notBefore: '2026-03-07T12:00:00Z',
      zone: 'America/New_York',
      first: '2026-03-09T13:00:00.000Z', // Monday 9:00 EDT
    },
    {
      name: 'a start the rule matches is the first occurrence',
      rule: { freq: 'monthly', byMonthDay: [1] },
      start: '2026-06-01T07:00:00Z',
      notBefore: '2026-06-01T06:00:00Z',
      zone: 'UTC',
      first: '2026-06-01T07:00:00.000Z',
    },
    {
      name: 'a start already past today is the next matching day',
      rule: { freq: 'monthly', byMonthDay: [-1] },
      start: '2026-06-30T07:00:00Z',
      notBefore: '2026-06-30T08:00:00Z',
      zone: 'UTC',
      first: '2026-07-31T07:00:00.000Z',
    },
  ])('$name', ({ rule, start, notBefore, zone, first }) => {
    expect(firstOccurrence(series(rule, start, zone), new Date(notBefore))?.toISOString()).toBe(
      first,
    );
  });
});
