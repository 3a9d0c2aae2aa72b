// The typed recurrence of a task. Client-safe: imports only zod and plain constants.
import { z } from 'zod';

import {
  RECURRENCE_FREQUENCIES,
  RECURRENCE_LIMITS,
  RECURRENCE_WEEKDAYS,
} from '../contract/recurrence-rules';

const monthDay = z
  .int('Must be a whole day of the month')
  .min(-31, 'A day of the month is 1 to 31, or -1 (the last) to -31')
  .max(31, 'A day of the month is 1 to 31, or -1 (the last) to -31')
  .refine((day) => day !== 0, 'A day of the month is 1 to 31, or -1 (the last) to -31');

/**
 * `{ freq, interval, byWeekday?, byMonthDay?, until?, count? }`: RFC 5545's FREQ, INTERVAL,
 * BYDAY, BYMONTHDAY, UNTIL and COUNT. Occurrences keep the wall-clock time of the task's due time
 * in the person's time zone. A negative day of the month counts from its end (-1 is the last).
 */
export const recurrenceSchema = z
  .object({
    freq: z.enum(RECURRENCE_FREQUENCIES),
    interval: z
      .int('Must be a whole number')
      .min(1, 'Must be at least 1')
      .max(RECURRENCE_LIMITS.intervalMax, `Must be at most ${RECURRENCE_LIMITS.intervalMax}`)
      .default(1),
    byWeekday: z
      .array(z.enum(RECURRENCE_WEEKDAYS))
      .min(1, 'Pick at least one weekday')
      .transform((days) => RECURRENCE_WEEKDAYS.filter((day) => days.includes(day)))
      .optional(),
    byMonthDay: z
      .array(monthDay)
      .min(1, 'Pick at least one day of the month')
      .max(31, 'At most 31 days of the month')
      .transform((days) => [...new Set(days)].sort((a, b) => a - b))
      .optional(),
    until: z.date('Must be a date').optional(),
    count: z
      .int('Must be a whole number')
      .min(1, 'Must be at least 1')
      .max(RECURRENCE_LIMITS.countMax, `Must be at most ${RECURRENCE_LIMITS.countMax}`)
      .optional(),
  })
  .refine((rule) => rule.until === undefined || rule.count === undefined, {
    message: 'A series ends by a date or by a count, not both',
    path: ['count'],
  });

export type Recurrence = z.output<typeof recurrenceSchema>;
export type RecurrenceInput = z.input<typeof recurrenceSchema>;
