// How a repeating task's rule reads ("Repeats every weekday", "Repeats every 2 weeks on Mon, Thu"),
// the same on the web, in the CLI and in mail. Plain code, no zod: a `Recurrence` from
// `@tasklane/api/schemas` fits `RecurrenceRule` as it is.
import {
  RECURRENCE_WEEKDAYS,
  type RecurrenceFrequency,
  type RecurrenceWeekday,
} from './recurrence-rules.ts';

/** The shape of a `Recurrence` this text needs (structural, so this entry stays zod-free). */
export interface RecurrenceRule {
  freq: RecurrenceFrequency;
  interval: number;
  byWeekday?: readonly RecurrenceWeekday[] | undefined;
  byMonthDay?: readonly number[] | undefined;
  until?: Date | undefined;
  count?: number | undefined;
}

const WEEKDAY_SHORT: Record<RecurrenceWeekday, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};

const WEEKDAY_LONG: Record<RecurrenceWeekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

const UNIT: Record<RecurrenceFrequency, string> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
};

// Fixed English names: Intl's short months differ between ICU versions ("Sep" or "Sept").
const MONTH_SHORT = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const WORK_WEEK: readonly RecurrenceWeekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];

/**
 * "Repeats every ..." for a rule, ending "until 31 Dec 2026" or ", 5 times". `timeZone` (the
 * person's IANA zone, default UTC) is where the `until` instant's date is read.
 */
export function describeRecurrence(
  rule: RecurrenceRule,
  options: { timeZone?: string } = {},
): string {
  return `Repeats ${repeatText(rule)}${endText(rule, options.timeZone ?? 'UTC')}`;
}

/** "every weekday", "every 2 weeks on Mon, Thu", "every month on the last day". */
function repeatText(rule: RecurrenceRule): string {
  const days = weekdaysOf(rule);
  if (
    rule.interval === 1 &&
    (rule.freq === 'daily' || rule.freq === 'weekly') &&
    days !== undefined
  ) {
    if (sameDays(days, RECURRENCE_WEEKDAYS)) return 'every day';
    if (sameDays(days, WORK_WEEK)) return 'every weekday';
    if (rule.freq === 'weekly' && days.length === 1 && days[0] !== undefined) {
      return `every ${WEEKDAY_LONG[days[0]]}`;
    }
  }
  const every =
    rule.interval === 1 ? `every ${UNIT[rule.freq]}` : `every ${rule.interval} ${UNIT[rule.freq]}s`;
  const on = [
    ...(rule.byMonthDay === undefined || rule.byMonthDay.length === 0
      ? []
      : [`the ${listText(monthDaysInOrder(rule.byMonthDay).map(monthDayText))}`]),
    ...(days === undefined ? [] : [days.map((day) => WEEKDAY_SHORT[day]).join(', ')]),
  ];
  return on.length === 0 ? every : `${every} on ${on.join(', ')}`;
}

function endText(rule: RecurrenceRule, timeZone: string): string {
  if (rule.count !== undefined) return rule.count === 1 ? ', once' : `, ${rule.count} times`;
  if (rule.until !== undefined) return ` until ${dateText(rule.until, timeZone)}`;
  return '';
}

function weekdaysOf(rule: RecurrenceRule): RecurrenceWeekday[] | undefined {
  if (rule.byWeekday === undefined || rule.byWeekday.length === 0) return undefined;
  const chosen = rule.byWeekday;
  return RECURRENCE_WEEKDAYS.filter((day) => chosen.includes(day));
}

function sameDays(
  days: readonly RecurrenceWeekday[],
  expected: readonly RecurrenceWeekday[],
): boolean {
  return days.length === expected.length && expected.every((day) => days.includes(day));
}

/** Days from the start first (1st, 15th), then those counted from the end (2nd to last, last). */
function monthDaysInOrder(days: readonly number[]): number[] {
  const distinct = [...new Set(days)];
  return [
    ...distinct.filter((day) => day > 0).sort((a, b) => a - b),
    ...distinct.filter((day) => day < 0).sort((a, b) => a - b),
  ];
}

function monthDayText(day: number): string {
  if (day === -1) return 'last day';
  if (day < 0) return `${ordinal(-day)} to last day`;
  return ordinal(day);
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "a", "a and b", "a, b and c". */
function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.slice(-1).join('')}`;
}

/** "31 Dec 2026": the instant's calendar date in `timeZone`. */
function dateText(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const part = (type: 'year' | 'month' | 'day'): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')} ${MONTH_SHORT[Number(part('month')) - 1] ?? ''} ${part('year')}`;
}
