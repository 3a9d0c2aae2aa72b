import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  dueAtFromInput,
  dueStatus,
  formatDue,
  inputFromDueAt,
  timeInputFromDueAt,
} from './due-dates';

// The browser is in New York while the account is in Auckland: every answer follows the account.
// Node applies a new TZ to Date at once.
const ACCOUNT = 'Pacific/Auckland';
const previousTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

// 15:00 on 10 March in Auckland (UTC+13), still 22:00 on 9 March in New York.
const now = new Date('2026-03-10T02:00:00Z');
// The last instant of 10 March in Auckland: 06:59 on 10 March in New York.
const endOf10March = new Date('2026-03-10T10:59:59.999Z');

describe('due dates', () => {
  it('runs with the browser in another zone than the account', () => {
    expect(new Date('2026-03-10T02:00:00Z').getHours()).toBe(22);
  });

  it("stores a picked day as its last instant in the account's zone, and reads it back", () => {
    const dueAt = dueAtFromInput('2026-03-10', '', ACCOUNT);
    expect(dueAt).toEqual(endOf10March);
    expect(inputFromDueAt(dueAt, ACCOUNT)).toBe('2026-03-10');
    expect(timeInputFromDueAt(dueAt, ACCOUNT)).toBe('');
    expect(dueAtFromInput('', '', ACCOUNT)).toBeNull();
    expect(dueAtFromInput('10/03/2026', '', ACCOUNT)).toBeNull();
  });

  it("is today, overdue or upcoming by the account's day, like the server says", () => {
    const open = { completed: false };
    // Due tomorrow in New York, today in Auckland.
    expect(dueStatus({ ...open, dueAt: endOf10March }, now, ACCOUNT)).toBe('today');
    expect(dueStatus({ ...open, dueAt: endOf10March }, now, 'America/New_York')).toBe('upcoming');
    expect(dueStatus({ ...open, dueAt: new Date('2026-03-10T01:00:00Z') }, now, ACCOUNT)).toBe(
      'overdue',
    );
    expect(dueStatus({ ...open, dueAt: new Date('2026-03-11T12:00:00Z') }, now, ACCOUNT)).toBe(
      'upcoming',
    );
    expect(dueStatus({ completed: true, dueAt: endOf10March }, now, ACCOUNT)).toBe('done');
    expect(dueStatus({ ...open, dueAt: null }, now, ACCOUNT)).toBe('none');
  });

  it("says today, tomorrow and yesterday by the account's days, a time only when one was set", () => {
    const day = (date: string, time = '') => dueAtFromInput(date, time, ACCOUNT) ?? now;
    expect(formatDue(day('2026-03-10'), now, ACCOUNT)).toBe('Today');
    expect(formatDue(day('2026-03-11'), now, ACCOUNT)).toBe('Tomorrow');
    expect(formatDue(day('2026-03-09'), now, ACCOUNT)).toBe('Yesterday');
    // 09:30 in Auckland is 15:30 the day before in New York.
    expect(formatDue(day('2026-03-10', '09:30'), now, ACCOUNT)).toMatch(/^Today, 9:30\b/);
    expect(formatDue(day('2026-03-20'), now, ACCOUNT)).toMatch(/20/);
    expect(formatDue(day('2027-01-02'), now, ACCOUNT)).toMatch(/2027/);
  });
});

describe('due times', () => {
  it("reads a time in the account's zone and shows it back; a day alone has no time", () => {
    const dueAt = dueAtFromInput('2026-03-10', '09:05', ACCOUNT);
    expect(dueAt).toEqual(new Date('2026-03-09T20:05:00Z'));
    expect(inputFromDueAt(dueAt, ACCOUNT)).toBe('2026-03-10');
    expect(timeInputFromDueAt(dueAt, ACCOUNT)).toBe('09:05');
    expect(timeInputFromDueAt(null, ACCOUNT)).toBe('');
    expect(dueAtFromInput('', '09:05', ACCOUNT)).toBeNull();
  });

  it('follows the daylight-saving change of the account, not of the browser', () => {
    // Auckland goes from UTC+13 to UTC+12 on 5 April 2026; New York changed on 8 March.
    expect(dueAtFromInput('2026-04-04', '09:00', ACCOUNT)).toEqual(
      new Date('2026-04-03T20:00:00Z'),
    );
    expect(dueAtFromInput('2026-04-06', '09:00', ACCOUNT)).toEqual(
      new Date('2026-04-05T21:00:00Z'),
    );
  });
});
