// Finds the due date and time in a line with chrono (English, casual), resolved in the person's
// IANA time zone relative to a given "now".
import { casual, type ParsedResult, type Parser } from 'chrono-node/en';

import { instantOfWallTime, offsetMinutesAt } from './zoned-time';

export interface FoundDue {
  /** Where the words are in the line (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  /** A due time, or the last instant of a due day. */
  dueAt: Date;
  /** False when only a day was named: then `dueAt` is 23:59:59.999 that day. */
  hasTime: boolean;
  /** False when only a time was named ("at 9"): chrono then chose today or tomorrow. */
  namesDay: boolean;
}

/**
 * "on the 1st", "by the 15th": the next such day of a month. chrono reads ordinals only next to
 * a month name ("April 1st") and its author's answer for a bare day of the month is a custom
 * parser (wanasit/chrono#233). "on"/"by" is required so "the 2nd chapter" stays a title.
 */
const dayOfMonthParser: Parser = {
  pattern: () =>
    /(?<![\p{L}\p{N}_])(?:on|by)\s+the\s+([0-9]{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}_])/iu,
  extract: (context, match) => {
    const day = Number(match[1]);
    if (day < 1 || day > 31) return null;
    // The reference's wall clock, as chrono's own parsers read it.
    const today = context.reference.getDateWithAdjustedTimezone();
    let year = today.getFullYear();
    let month = today.getMonth() + 1;
    const nextMonth = (): void => {
      month = month === 12 ? 1 : month + 1;
      if (month === 1) year += 1;
    };
    if (day < today.getDate()) nextMonth();
    // The 31st of a 30-day month is the next month that has one.
    while (day > daysInMonth(year, month)) nextMonth();
    return context.createParsingComponents({ day, month, year });
  },
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const dueParser = casual.clone();
dueParser.parsers.push(dayOfMonthParser);

/**
 * A result counts when it is certain about a day (a date, a weekday, "tomorrow") or an hour.
 * chrono also reads a lone month or year ("March on", "the 2027 budget"); those stay in the title.
 */
function isDueResult(result: ParsedResult): boolean {
  const { start } = result;
  return start.isCertain('day') || start.isCertain('weekday') || start.isCertain('hour');
}

function namesDay({ start }: ParsedResult): boolean {
  return start.isCertain('day') || start.isCertain('weekday') || !start.isCertain('hour');
}

function resolve(
  result: ParsedResult,
  reference: { now: Date; timeZone: string },
): Omit<FoundDue, 'start' | 'end' | 'namesDay'> {
  const { start } = result;
  const hasTime = start.isCertain('hour');
  const tags = result.tags();
  if (tags.has('casualReference/now')) return { dueAt: new Date(reference.now), hasTime };
  // "in 3 hours", "in 2 days 30 minutes": a duration from now, counted in real time.
  if (tags.has('result/relativeDateAndTime')) {
    const duration = measuredDuration(result.text);
    if (duration !== null) return { dueAt: new Date(reference.now.getTime() + duration), hasTime };
  }
  // An offset written in the line ("5pm UTC", "9am EST") names an instant already.
  if (start.isCertain('timezoneOffset')) return { dueAt: start.date(), hasTime };
  const get = (component: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'): number =>
    start.get(component) ?? 0;
  const day = { year: get('year'), month: get('month'), day: get('day') };
  const time = hasTime
    ? { hour: get('hour'), minute: get('minute'), second: get('second'), millisecond: 0 }
    : { hour: 23, minute: 59, second: 59, millisecond: 999 };
  return { dueAt: instantOfWallTime({ ...day, ...time }, reference.timeZone), hasTime };
}

// Mid-January and mid-July 2001: dates when no zone's clocks changed for weeks.
const EVEN_CLOCK_REFERENCES = [new Date('2001-01-15T12:00:00Z'), new Date('2001-07-15T12:00:00Z')];

/**
 * chrono adds "3 hours" on the wall clock of the machine's own zone (Date#setHours), so a
 * result that lands in that zone's daylight-saving gap comes out an hour late. The duration is
 * measured instead from a reference where the machine's clock runs evenly, and added to now.
 */
function measuredDuration(text: string): number | null {
  for (const instant of EVEN_CLOCK_REFERENCES) {
    const offset = -instant.getTimezoneOffset();
    const [result] = dueParser.parse(text, { instant, timezone: offset });
    if (result === undefined) continue;
    const moved = result.start.date();
    if (-moved.getTimezoneOffset() === offset) return moved.getTime() - instant.getTime();
  }
  return null;
}

/** The first due date in `text`, or null. `text` has the other tokens blanked out. */
export function findDue(text: string, reference: { now: Date; timeZone: string }): FoundDue | null {
  // chrono's `timezone` is a fixed offset (or an abbreviation): the zone's offset now makes its
  // "today" and "tomorrow" the person's; the wall time it returns is then placed in the real zone,
  // whose offset may differ on the due day (daylight saving).
  const timezone = offsetMinutesAt(reference.now, reference.timeZone);
  const results = dueParser.parse(
    text,
    { instant: reference.now, timezone },
    { forwardDate: true },
  );
  const result = results.find(isDueResult);
  if (result === undefined) return null;
  return {
    start: withConnector(text, result.index),
    end: result.index + result.text.length,
    namesDay: namesDay(result),
    ...resolve(result, reference),
  };
}

// "Pay rent by Friday", "Report due tomorrow", "Lunch on Mar 31": the word that ties the date
// to the title goes with the date (chrono takes it for some forms, "on Friday", "at 5pm").
const CONNECTOR = /(?:^|\s)((?:by|due|on|at)\s+)$/iu;

function withConnector(text: string, start: number): number {
  const connector = CONNECTOR.exec(text.slice(0, start))?.[1];
  return connector === undefined ? start : start - connector.length;
}
