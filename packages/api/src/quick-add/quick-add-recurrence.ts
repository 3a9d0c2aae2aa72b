// Finds how a task repeats in a quick-add line ("every weekday", "every 2 weeks on mon, thu",
// "every month on the 1st", "daily"). Words only: the first due time is then chosen by the
// recurrence engine from the rule, the time named in the line and now (parse-quick-add.ts).
import {
  RECURRENCE_LIMITS,
  RECURRENCE_WEEKDAYS,
  type RecurrenceWeekday,
} from '../contract/recurrence-rules';
import type { Recurrence } from '../recurrence/recurrence-schemas';

export interface FoundRecurrence {
  /** Where the words are in the line (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  recurrence: Recurrence;
}

interface Word {
  /** Lower-case. */
  text: string;
  start: number;
  end: number;
}

const WORK_WEEK: RecurrenceWeekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];

const WEEKDAY_NAMES: Readonly<Record<string, RecurrenceWeekday>> = {
  mon: 'MO',
  monday: 'MO',
  tue: 'TU',
  tues: 'TU',
  tuesday: 'TU',
  wed: 'WE',
  weds: 'WE',
  wednesday: 'WE',
  thu: 'TH',
  thur: 'TH',
  thurs: 'TH',
  thursday: 'TH',
  fri: 'FR',
  friday: 'FR',
  sat: 'SA',
  saturday: 'SA',
  sun: 'SU',
  sunday: 'SU',
};

const UNITS: Readonly<Record<string, Recurrence['freq']>> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  year: 'yearly',
};

/** Adverbs that read as a rule only where nothing but a date, a time or the end follows. */
const ADVERBS: Readonly<Record<string, Recurrence['freq']>> = {
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  yearly: 'yearly',
  annually: 'yearly',
};
const AFTER_ADVERB = new Set(['at', 'on', 'from', 'starting', 'in', 'by', 'until']);

function weekdayOf(word: Word | undefined): RecurrenceWeekday | undefined {
  if (word === undefined) return undefined;
  // "mondays" reads as "monday".
  return WEEKDAY_NAMES[word.text] ?? WEEKDAY_NAMES[word.text.replace(/s$/u, '')];
}

function unitOf(word: Word | undefined, plural: boolean): Recurrence['freq'] | undefined {
  if (word === undefined) return undefined;
  const singular = plural ? /^(.+)s$/u.exec(word.text)?.[1] : word.text;
  return singular === undefined ? undefined : UNITS[singular];
}

/** "1st", "22nd": the day of the month, or undefined. */
function ordinalOf(word: Word | undefined): number | undefined {
  const match = word === undefined ? null : /^([0-9]{1,2})(?:st|nd|rd|th)$/u.exec(word.text);
  const day = match?.[1] === undefined ? NaN : Number(match[1]);
  return day >= 1 && day <= 31 ? day : undefined;
}

/** Reads words from an index; each reader answers the index after what it took, or -1. */
class Reader {
  constructor(private readonly words: readonly Word[]) {}

  at(index: number): Word | undefined {
    return this.words[index];
  }

  is(index: number, ...texts: string[]): boolean {
    const word = this.words[index];
    return word !== undefined && texts.includes(word.text);
  }

  /** "mon, thu", "monday and thursday", "tue & fri": the weekdays and the index after them. */
  weekdays(from: number): { days: RecurrenceWeekday[]; next: number } | null {
    const first = weekdayOf(this.at(from));
    if (first === undefined) return null;
    const days = [first];
    let next = from + 1;
    for (;;) {
      let after = next;
      if (this.is(after, ',')) after += 1;
      if (this.is(after, 'and', '&')) after += 1;
      const day = after === next ? undefined : weekdayOf(this.at(after));
      if (day === undefined) break;
      days.push(day);
      next = after + 1;
    }
    return { days: RECURRENCE_WEEKDAYS.filter((day) => days.includes(day)), next };
  }

  /** "the 1st", "the 1st and 15th", "the last day", "the 2nd to last day". */
  monthDays(from: number): { days: number[]; next: number } | null {
    let next = this.is(from, 'the') ? from + 1 : from;
    const days: number[] = [];
    for (;;) {
      const day = this.monthDay(next);
      if (day === null) break;
      days.push(day.day);
      next = day.next;
      let after = next;
      if (this.is(after, ',')) after += 1;
      if (this.is(after, 'and', '&')) after += 1;
      if (this.is(after, 'the')) after += 1;
      if (after === next || this.monthDay(after) === null) break;
      next = after;
    }
    return days.length === 0 ? null : { days, next };
  }

  private monthDay(from: number): { day: number; next: number } | null {
    if (this.is(from, 'last')) {
      return { day: -1, next: this.is(from + 1, 'day') ? from + 2 : from + 1 };
    }
    const day = ordinalOf(this.at(from));
    if (day === undefined) return null;
    if (this.is(from + 1, 'to') && this.is(from + 2, 'last')) {
      return { day: -day, next: this.is(from + 3, 'day') ? from + 4 : from + 3 };
    }
    return { day, next: this.is(from + 1, 'day') ? from + 2 : from + 1 };
  }
}

/** `of the month`, `of each month`, `of every month`, `of month`: the index after, or -1. */
function ofTheMonth(reader: Reader, from: number): number {
  if (!reader.is(from, 'of')) return -1;
  const at = reader.is(from + 1, 'the', 'each', 'every') ? from + 2 : from + 1;
  return reader.is(at, 'month') ? at + 1 : -1;
}

type Rule = { rule: Recurrence; next: number };

function rule(
  freq: Recurrence['freq'],
  interval: number,
  rest: Partial<Recurrence> = {},
): Recurrence {
  return { freq, interval, ...rest };
}

/** "on mon, thu" after a weekly unit, "on the 1st" after a monthly one. */
function withOnClause(reader: Reader, found: Rule): Rule {
  const on = found.next;
  if (!reader.is(on, 'on')) return found;
  if (found.rule.freq === 'weekly') {
    const days = reader.weekdays(on + 1);
    if (days !== null) return { rule: { ...found.rule, byWeekday: days.days }, next: days.next };
  }
  if (found.rule.freq === 'monthly') {
    const days = reader.monthDays(on + 1);
    // "on the 1st": the article keeps "monthly on 1st floor" out.
    if (days !== null && reader.is(on + 1, 'the')) {
      return { rule: { ...found.rule, byMonthDay: days.days }, next: days.next };
    }
  }
  return found;
}

/** What follows "every" (at `from`), or null. */
function afterEvery(reader: Reader, from: number): Rule | null {
  const word = reader.at(from);
  if (word === undefined) return null;
  if (word.text === 'weekday' || word.text === 'workday') {
    return { rule: rule('weekly', 1, { byWeekday: WORK_WEEK }), next: from + 1 };
  }
  if (word.text === 'weekend') {
    return { rule: rule('weekly', 1, { byWeekday: ['SA', 'SU'] }), next: from + 1 };
  }
  const unit = unitOf(word, false);
  if (unit !== undefined) return withOnClause(reader, { rule: rule(unit, 1), next: from + 1 });
  const days = reader.weekdays(from);
  if (days !== null) return { rule: rule('weekly', 1, { byWeekday: days.days }), next: days.next };
  if (word.text === 'other') {
    const otherUnit = unitOf(reader.at(from + 1), false);
    if (otherUnit !== undefined) {
      return withOnClause(reader, { rule: rule(otherUnit, 2), next: from + 2 });
    }
    const otherDays = reader.weekdays(from + 1);
    if (otherDays !== null) {
      return { rule: rule('weekly', 2, { byWeekday: otherDays.days }), next: otherDays.next };
    }
    return null;
  }
  if (/^[0-9]{1,3}$/u.test(word.text)) {
    const interval = Number(word.text);
    const counted =
      interval === 1 ? unitOf(reader.at(from + 1), false) : unitOf(reader.at(from + 1), true);
    if (counted === undefined || interval < 1 || interval > RECURRENCE_LIMITS.intervalMax)
      return null;
    return withOnClause(reader, { rule: rule(counted, interval), next: from + 2 });
  }
  // "every last day of the month", "every 15th of the month".
  const monthDays = reader.monthDays(from);
  if (monthDays !== null) {
    const next = ofTheMonth(reader, monthDays.next);
    if (next !== -1) return { rule: rule('monthly', 1, { byMonthDay: monthDays.days }), next };
  }
  return null;
}

/** The words of `line`: letters and digits, with "," and "&" as words of their own. */
function wordsOf(line: string): Word[] {
  const words: Word[] = [];
  const pattern = /[\p{L}\p{N}]+|[,&]|\S/gu;
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    words.push({
      text: match[0].toLowerCase(),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return words;
}

/**
 * A rule written on its own ("weekday", "2 weeks on mon,thu", "every month", "daily"), as the
 * CLI's `--every` takes it; null when the whole text is not one rule.
 */
export function parseRecurrenceRule(text: string): Recurrence | null {
  const trimmed = text.trim();
  for (const candidate of [trimmed, `every ${trimmed}`]) {
    const found = findRecurrence(candidate);
    if (found !== null && found.start === 0 && found.end === candidate.length) {
      return found.recurrence;
    }
  }
  return null;
}

/**
 * The first rule in `text`, or null. `text` has the marked words blanked out (with `|`), so a
 * bare adverb ("Water plants daily #home") may stand before one.
 */
export function findRecurrence(text: string): FoundRecurrence | null {
  const words = wordsOf(text);
  const reader = new Reader(words);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word === undefined) continue;
    let found: Rule | null = null;
    if (word.text === 'every') {
      found = afterEvery(reader, index + 1);
    } else {
      const freq = ADVERBS[word.text];
      if (freq !== undefined) {
        found = withOnClause(reader, { rule: rule(freq, 1), next: index + 1 });
        const following = reader.at(found.next);
        // "Weekly report", "daily standup notes": a title, not a rule.
        if (
          following !== undefined &&
          !AFTER_ADVERB.has(following.text) &&
          following.text !== '|'
        ) {
          found = null;
        }
      }
    }
    // A word (not a separator) must end the phrase: "every mon," leaves the comma.
    const last = found === null ? undefined : words[found.next - 1];
    if (found !== null && last !== undefined) {
      return { start: word.start, end: last.end, recurrence: found.rule };
    }
  }
  return null;
}
