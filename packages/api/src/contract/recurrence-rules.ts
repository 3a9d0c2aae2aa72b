// What a recurrence may hold: the RFC 5545 RRULE subset Tasklane offers. Plain constants, so the
// web picker, the CLI and the quick-add parser list the same choices the server accepts.
export const RECURRENCE_FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

/** RFC 5545 weekday codes, Monday first (ISO 8601). */
export const RECURRENCE_WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type RecurrenceWeekday = (typeof RECURRENCE_WEEKDAYS)[number];

export const RECURRENCE_LIMITS = {
  intervalMax: 365,
  /** A series of at most this many occurrences when it ends by count. */
  countMax: 1000,
} as const;
