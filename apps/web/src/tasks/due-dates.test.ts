import { describe, expect, it } from 'vitest';

import {
  dueAtFromInput,
  dueStatus,
  formatDue,
  inputFromDueAt,
  timeInputFromDueAt,
} from './due-dates';

const now = new Date(2026, 2, 10, 15, 0, 0);

describe('due dates', () => {
  it('stores a picked day as its last local instant, and reads it back', () => {
    const dueAt = dueAtFromInput('2026-03-10');
    expect(dueAt).toEqual(new Date(2026, 2, 10, 23, 59, 59, 999));
    expect(inputFromDueAt(dueAt)).toBe('2026-03-10');
    expect(dueAtFromInput('')).toBeNull();
    expect(dueAtFromInput('10/03/2026')).toBeNull();
  });

  it('is overdue once the instant has passed, like the server says', () => {
    const open = { completed: false };
    expect(dueStatus({ ...open, dueAt: new Date(2026, 2, 10, 23, 59) }, now)).toBe('today');
    expect(dueStatus({ ...open, dueAt: new Date(2026, 2, 10, 9, 0) }, now)).toBe('overdue');
    expect(dueStatus({ ...open, dueAt: new Date(2026, 2, 12) }, now)).toBe('upcoming');
    expect(dueStatus({ completed: true, dueAt: new Date(2026, 2, 1) }, now)).toBe('done');
    expect(dueStatus({ ...open, dueAt: null }, now)).toBe('none');
  });

  it('says today, tomorrow and yesterday in words, and a time only when one was set', () => {
    expect(formatDue(new Date(2026, 2, 10, 23, 59, 59), now)).toBe('Today');
    expect(formatDue(new Date(2026, 2, 11, 23, 59, 59), now)).toBe('Tomorrow');
    expect(formatDue(new Date(2026, 2, 9, 23, 59, 59), now)).toBe('Yesterday');
    expect(formatDue(new Date(2026, 2, 10, 9, 30), now)).toMatch(/^Today, /);
  });
});

describe('due times', () => {
  it('reads a time with the date, and shows it back; a day alone has no time', () => {
    const dueAt = dueAtFromInput('2026-03-10', '09:05');
    expect(dueAt).toEqual(new Date(2026, 2, 10, 9, 5));
    expect(inputFromDueAt(dueAt)).toBe('2026-03-10');
    expect(timeInputFromDueAt(dueAt)).toBe('09:05');
    expect(timeInputFromDueAt(dueAtFromInput('2026-03-10'))).toBe('');
    expect(timeInputFromDueAt(null)).toBe('');
    expect(dueAtFromInput('', '09:05')).toBeNull();
  });
});
