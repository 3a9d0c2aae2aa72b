// Wall-clock times in an IANA time zone and the instants they name, through Intl only: the
// date library works in fixed offsets, and a zone's offset changes at daylight-saving changes.

/** A calendar day and time as a clock on the wall shows it (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall time in `timeZone` at `instant`. */
export function wallTimeAt(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    // en-US writes years before 1 AD as "1 BC", "2 BC", ...
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((instant.getTime() % 1000) + 1000) % 1000,
  };
}

/** Milliseconds of a wall time read as if it were UTC. */
function wallAsUtc(wall: WallTime): number {
  const date = new Date(
    Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond),
  );
  date.setUTCFullYear(wall.year);
  return date.getTime();
}

/** Minutes `timeZone` is ahead of UTC at `instant` (New York in winter: -300). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const wall = wallTimeAt(instant, timeZone);
  return Math.round((wallAsUtc(wall) - instant.getTime()) / 60_000);
}

const HOUR = 3_600_000;

/**
 * The instant a wall time names in `timeZone`. A time that happens twice (the hour repeated when
 * clocks go back) is the first one; a time that never happens (skipped when clocks go forward)
 * moves forward by the gap, so "2:30" on that day is 3:30. These are Temporal's "compatible"
 * rules, and what calendar apps do.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  const asUtc = wallAsUtc(wall);
  // Zones change their offset by at most a day's worth; the offsets a day either side are
  // the ones in force before and after any change near this wall time.
  const before = offsetMinutesAt(new Date(asUtc - 24 * HOUR), timeZone);
  const after = offsetMinutesAt(new Date(asUtc + 24 * HOUR), timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => wallAsUtc(wallTimeAt(new Date(instant), timeZone)) === asUtc)
    .sort((a, b) => a - b);
  const [first] = candidates;
  // No candidate: the wall time is in a gap; read it with the offset from before the gap.
  return new Date(first ?? asUtc - before * 60_000);
}
