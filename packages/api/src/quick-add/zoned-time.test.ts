// Wall times and instants in IANA zones, around daylight-saving changes.
import { describe, expect, it } from 'vitest';

import { instantOfWallTime, offsetMinutesAt, wallTimeAt, type WallTime } from './zoned-time';

/** "2026-03-29 02:30" as a wall time. */
function wall(text: string): WallTime {
  const [year, month, day, hour, minute] = text.split(/[- :]/).map(Number);
  return {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: 0,
    millisecond: 0,
  };
}

describe('zoned time', () => {
  it('reads the offset in force at an instant', () => {
    expect(offsetMinutesAt(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutesAt(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutesAt(new Date('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(offsetMinutesAt(new Date('2026-07-01T00:00:00Z'), 'UTC')).toBe(0);
  });

  it('places a wall time in the offset of its own day', () => {
    expect(instantOfWallTime(wall('2026-03-07 09:00'), 'America/New_York').toISOString()).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    expect(instantOfWallTime(wall('2026-03-09 09:00'), 'America/New_York').toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
  });

  it('moves a skipped time forward by the gap and takes the first of a repeated one', () => {
    expect(instantOfWallTime(wall('2026-03-29 02:30'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(instantOfWallTime(wall('2026-10-25 02:30'), 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(instantOfWallTime(wall('2026-11-01 01:30'), 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('round-trips every quarter hour around the half-hour changes of Lord Howe Island', () => {
    const zone = 'Australia/Lord_Howe';
    const windows = [
      [Date.UTC(2026, 3, 3), Date.UTC(2026, 3, 6)],
      [Date.UTC(2026, 9, 2), Date.UTC(2026, 9, 5)],
    ] as const;
    for (const [from, to] of windows) {
      for (let time = from; time < to; time += 900_000) {
        const local = wallTimeAt(new Date(time), zone);
        // A repeated wall time comes back as its first instant, which shows the same wall time.
        expect(wallTimeAt(instantOfWallTime(local, zone), zone)).toEqual(local);
      }
    }
    expect(offsetMinutesAt(new Date(Date.UTC(2026, 3, 3)), zone)).toBe(660);
    expect(offsetMinutesAt(new Date(Date.UTC(2026, 3, 6)), zone)).toBe(630);
  });
});
