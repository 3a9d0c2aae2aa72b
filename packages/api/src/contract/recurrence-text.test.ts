import { describe, expect, it } from 'vitest';

import { recurrenceSchema, type RecurrenceInput } from '../recurrence/recurrence-schemas';
import { describeRecurrence } from './recurrence-text';

describe('describeRecurrence', () => {
  it.each<[RecurrenceInput, string]>([
    [{ freq: 'daily' }, 'Repeats every day'],
    [{ freq: 'daily', interval: 3 }, 'Repeats every 3 days'],
    [{ freq: 'weekly', byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] }, 'Repeats every weekday'],
    [{ freq: 'daily', byWeekday: ['FR', 'TH', 'WE', 'TU', 'MO'] }, 'Repeats every weekday'],
    [
      { freq: 'weekly', byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      'Repeats every day',
    ],
    [{ freq: 'weekly' }, 'Repeats every week'],
    [{ freq: 'weekly', byWeekday: ['MO'] }, 'Repeats every Monday'],
    [{ freq: 'weekly', byWeekday: ['TH', 'MO'] }, 'Repeats every week on Mon, Thu'],
    [{ freq: 'weekly', interval: 2, byWeekday: ['TH', 'MO'] }, 'Repeats every 2 weeks on Mon, Thu'],
    [{ freq: 'weekly', interval: 2 }, 'Repeats every 2 weeks'],
    [
      { freq: 'weekly', interval: 2, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      'Repeats every 2 weeks on Mon, Tue, Wed, Thu, Fri',
    ],
    [{ freq: 'monthly' }, 'Repeats every month'],
    [{ freq: 'monthly', byMonthDay: [1] }, 'Repeats every month on the 1st'],
    [{ freq: 'monthly', byMonthDay: [-1] }, 'Repeats every month on the last day'],
    [{ freq: 'monthly', byMonthDay: [-2] }, 'Repeats every month on the 2nd to last day'],
    [{ freq: 'monthly', byMonthDay: [15, 1] }, 'Repeats every month on the 1st and 15th'],
    [
      { freq: 'monthly', byMonthDay: [-1, 22, 2, 3, 11] },
      'Repeats every month on the 2nd, 3rd, 11th, 22nd and last day',
    ],
    [{ freq: 'monthly', interval: 3, byMonthDay: [31] }, 'Repeats every 3 months on the 31st'],
    [{ freq: 'monthly', byWeekday: ['MO'] }, 'Repeats every month on Mon'],
    [{ freq: 'yearly' }, 'Repeats every year'],
    [{ freq: 'yearly', interval: 2 }, 'Repeats every 2 years'],
    [{ freq: 'daily', count: 5 }, 'Repeats every day, 5 times'],
    [{ freq: 'weekly', count: 1 }, 'Repeats every week, once'],
    [
      {
        freq: 'weekly',
        byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
        until: new Date('2026-12-31T12:00:00Z'),
      },
      'Repeats every weekday until 31 Dec 2026',
    ],
    [
      { freq: 'monthly', byMonthDay: [1], until: new Date('2027-09-01T00:00:00Z') },
      'Repeats every month on the 1st until 1 Sep 2027',
    ],
  ])('%o reads %s', (input, text) => {
    expect(describeRecurrence(recurrenceSchema.parse(input))).toBe(text);
  });

  it("reads the end date in the person's zone", () => {
    const rule = recurrenceSchema.parse({ freq: 'daily', until: new Date('2027-01-01T03:00:00Z') });
    expect(describeRecurrence(rule)).toBe('Repeats every day until 1 Jan 2027');
    expect(describeRecurrence(rule, { timeZone: 'America/New_York' })).toBe(
      'Repeats every day until 31 Dec 2026',
    );
    expect(describeRecurrence(rule, { timeZone: 'Asia/Tokyo' })).toBe(
      'Repeats every day until 1 Jan 2027',
    );
  });
});
