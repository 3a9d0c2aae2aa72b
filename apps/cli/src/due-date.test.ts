import { describe, expect, it } from 'vitest';

import { UsageError } from './cli-errors';
import { formatDue, parseDue } from './due-date';

describe('parseDue', () => {
  const now = new Date(2026, 10, 24, 9, 30);

  it('reads a calendar day as the end of that day in local time', () => {
    expect(parseDue('2026-12-01')).toEqual(new Date(2026, 11, 1, 23, 59, 59, 999));
    expect(parseDue('today', now)).toEqual(new Date(2026, 10, 24, 23, 59, 59, 999));
    expect(parseDue('Tomorrow', now)).toEqual(new Date(2026, 10, 25, 23, 59, 59, 999));
    expect(parseDue('2026-12-31', now)).toEqual(new Date(2026, 11, 31, 23, 59, 59, 999));
  });

  it('reads a local date and time', () => {
    expect(parseDue('2026-12-01T17:00')).toEqual(new Date(2026, 11, 1, 17, 0));
    expect(parseDue('2026-12-01 08:15')).toEqual(new Date(2026, 11, 1, 8, 15));
  });

  it('refuses days that do not exist and other text', () => {
    for (const text of [
      '2026-02-30',
      '2026-13-01',
      'next week',
      '01/12/2026',
      '2026-12-01T25:00',
      '',
    ]) {
      expect(() => parseDue(text, now)).toThrow(UsageError);
    }
  });
});

describe('formatDue', () => {
  it('shows the day, and the time unless it is the end of the day', () => {
    expect(formatDue(new Date(2026, 11, 1, 23, 59, 59, 999))).toBe('2026-12-01');
    expect(formatDue(new Date(2026, 11, 1, 17, 5))).toBe('2026-12-01 17:05');
  });
});
