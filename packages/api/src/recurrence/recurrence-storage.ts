// A recurrence as the tasks.recurrence column holds it (JSON, `until` as an ISO instant) and back.
import type { StoredRecurrence } from '@tasklane/db';

import type { Recurrence } from './recurrence-schemas';

/** The JSON text to store; null clears the rule. */
export function storedRecurrence(rule: Recurrence | null): string | null {
  if (rule === null) return null;
  const stored: StoredRecurrence = {
    freq: rule.freq,
    interval: rule.interval,
    ...(rule.byWeekday === undefined ? {} : { byWeekday: [...rule.byWeekday] }),
    ...(rule.byMonthDay === undefined ? {} : { byMonthDay: [...rule.byMonthDay] }),
    ...(rule.until === undefined ? {} : { until: rule.until.toISOString() }),
    ...(rule.count === undefined ? {} : { count: rule.count }),
  };
  return JSON.stringify(stored);
}

/** The rule a stored column holds (written only by `storedRecurrence`, so trusted). */
export function recurrenceOf(stored: StoredRecurrence | null): Recurrence | null {
  if (stored === null) return null;
  return {
    freq: stored.freq,
    interval: stored.interval,
    ...(stored.byWeekday === undefined ? {} : { byWeekday: stored.byWeekday }),
    ...(stored.byMonthDay === undefined ? {} : { byMonthDay: stored.byMonthDay }),
    ...(stored.until === undefined ? {} : { until: new Date(stored.until) }),
    ...(stored.count === undefined ? {} : { count: stored.count }),
  };
}
