import { describe, expect, it } from 'vitest';

import { UsageError } from './cli-errors';
import { formatDue, readDue } from './due-date';

// The account's zone, whatever the machine's: 09:30 on 24 November in Auckland (UTC+13) is
// still 23 November in UTC and in most of the Americas.
const at = { now: new Date('2026-11-23T20:30:00Z'), timeZone: 'Pacific/Auckland' };

describe('readDue', () => {
  it("reads a calendar day as the end of that day in the account's zone", () => {
    expect(readDue('2026-12-01')(at)).toEqual(new Date('2026-12-01T10:59:59.999Z'));
    expect(readDue('today')(at)).toEqual(new Date('2026-11-24T10:59:59.999Z'));
    expect(readDue('Tomorrow')(at)).toEqual(new Date('2026-11-25T10:59:59.999Z'));
    expect(readDue('2026-12-31')(at)).toEqual(new Date('2026-12-31T10:59:59.999Z'));
  });

  it("reads a date and time in the account's zone; an offset written names the instant", () => {
    expect(readDue('2026-12-01T17:00')(at)).toEqual(new Date('2026-12-01T04:00:00Z'));
    expect(readDue('2026-12-01 08:15')(at)).toEqual(new Date('2026-11-30T19:15:00Z'));
    expect(readDue('2026-12-01T17:00Z')(at)).toEqual(new Date('2026-12-01T17:00:00Z'));
  });

  it('refuses days that do not exist and other text, before any zone is known', () => {
    for (const text of [
      '2026-02-30',
      '2026-13-01',
      'next week',
      '01/12/2026',
      '2026-12-01T25:00',
      '',
    ]) {
      expect(() => readDue(text)).toThrow(UsageError);
    }
  });
});

describe('formatDue', () => {
  it('shows the day in the zone, and the time unless it is the end of the day', () => {
    expect(formatDue(new Date('2026-12-01T10:59:59.999Z'), 'Pacific/Auckland')).toBe('2026-12-01');
    expect(formatDue(new Date('2026-12-01T04:05:00Z'), 'Pacific/Auckland')).toBe(
      '2026-12-01 17:05',
    );
    expect(formatDue(new Date('2026-12-01T04:05:00Z'), 'America/New_York')).toBe(
      '2026-11-30 23:05',
    );
  });
});
