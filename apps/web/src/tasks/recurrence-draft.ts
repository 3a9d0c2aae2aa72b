// The recurrence picker's fields as the person sets them, and the rule they stand for. The rule
// is checked by the API's recurrenceSchema (validation/validators.ts); this file holds no zod.
import {
  RECURRENCE_WEEKDAYS,
  type RecurrenceFrequency,
  type RecurrenceWeekday,
} from '@tasklane/api/contract';
import type { Task } from '@tasklane/api/client';

import { dueAtFromInput, inputFromDueAt } from './due-dates';

/** What the picker offers first; "weekdays" is weekly on Monday to Friday. */
export type RepeatChoice = 'none' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'yearly';
export type RepeatEnd = 'never' | 'until' | 'count';

export interface RecurrenceDraft {
  repeat: RepeatChoice;
  /** Every N days, weeks, months or years (a whole number as typed). */
  interval: string;
  /** Weekly: the days; none means the due date's weekday. */
  weekdays: RecurrenceWeekday[];
  /** Monthly: "due" (the due date's day), "last", or a day of the month as typed. */
  monthDay: 'due' | 'last' | 'day';
  day: string;
  end: RepeatEnd;
  /** `YYYY-MM-DD`: the last day an occurrence may fall on. */
  until: string;
  count: string;
}

/** A rule as the API takes it (the shape of `RecurrenceInput`, before its checks). */
export interface RecurrenceRuleInput {
  freq: RecurrenceFrequency;
  interval: number;
  byWeekday?: RecurrenceWeekday[];
  byMonthDay?: number[];
  until?: Date;
  count?: number;
}

export const WORKDAYS: readonly RecurrenceWeekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];

export const noRecurrence: RecurrenceDraft = {
  repeat: 'none',
  interval: '1',
  weekdays: [],
  monthDay: 'due',
  day: '',
  end: 'never',
  until: '',
  count: '',
};

const isWorkdays = (days: readonly RecurrenceWeekday[]): boolean =>
  days.length === WORKDAYS.length && WORKDAYS.every((day) => days.includes(day));

/** The picker's fields for a saved rule; its end date shown in `timeZone` (the account's). */
export function recurrenceDraftFrom(rule: Task['recurrence'], timeZone: string): RecurrenceDraft {
  if (rule === null) return noRecurrence;
  const days = rule.byWeekday ?? [];
  const monthDays = rule.byMonthDay ?? [];
  const repeat: RepeatChoice =
    rule.freq === 'weekly' && rule.interval === 1 && isWorkdays(days) ? 'weekdays' : rule.freq;
  const firstDay = monthDays[0];
  return {
    repeat,
    interval: String(rule.interval),
    weekdays: [...days],
    monthDay: firstDay === undefined ? 'due' : firstDay === -1 ? 'last' : 'day',
    day: firstDay === undefined || firstDay === -1 ? '' : String(firstDay),
    end: rule.until !== undefined ? 'until' : rule.count !== undefined ? 'count' : 'never',
    until: rule.until === undefined ? '' : inputFromDueAt(rule.until, timeZone),
    count: rule.count === undefined ? '' : String(rule.count),
  };
}

// Typed text the schema refuses (a word, 1.5) stays NaN, so the person sees its message.
const whole = (text: string): number => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** The rule the fields stand for, or null for "Does not repeat"; an end date read in `timeZone`. */
export function recurrenceFromDraft(
  draft: RecurrenceDraft,
  timeZone: string,
): RecurrenceRuleInput | null {
  if (draft.repeat === 'none') return null;
  const rule: RecurrenceRuleInput =
    draft.repeat === 'weekdays'
      ? { freq: 'weekly', interval: 1, byWeekday: [...WORKDAYS] }
      : { freq: draft.repeat, interval: whole(draft.interval) };
  if (draft.repeat === 'weekly' && draft.weekdays.length > 0) {
    rule.byWeekday = RECURRENCE_WEEKDAYS.filter((day) => draft.weekdays.includes(day));
  }
  if (draft.repeat === 'monthly' && draft.monthDay !== 'due') {
    rule.byMonthDay = [draft.monthDay === 'last' ? -1 : whole(draft.day)];
  }
  if (draft.end === 'until') {
    // The end of that day: an occurrence on the last day chosen is still in the series.
    const until = dueAtFromInput(draft.until, '', timeZone);
    rule.until = until ?? new Date(Number.NaN);
  }
  if (draft.end === 'count') rule.count = whole(draft.count);
  return rule;
}

/** Whether two rules repeat alike (the server sorts and de-duplicates the lists). */
export function sameRecurrence(
  a: RecurrenceRuleInput | Task['recurrence'],
  b: RecurrenceRuleInput | Task['recurrence'],
): boolean {
  const key = (rule: RecurrenceRuleInput | Task['recurrence']): string =>
    rule === null
      ? 'null'
      : JSON.stringify([
          rule.freq,
          rule.interval,
          rule.byWeekday ?? [],
          rule.byMonthDay ?? [],
          rule.until?.getTime() ?? null,
          rule.count ?? null,
        ]);
  return key(a) === key(b);
}
