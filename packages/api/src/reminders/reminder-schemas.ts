// Input schemas of the reminder procedures. Client-safe: imports only zod.
import { z } from 'zod';

import { REMINDER_LIMITS } from '../contract/reminder-rules';

const id = (what: string) => z.uuid(`Must be a ${what} id (a UUID)`);

/** A reminder at `at`, or `minutesBefore` the task's due time (moving with each occurrence). */
export const reminderCreateInput = z
  .strictObject({
    taskId: id('task'),
    at: z.date('Must be a date').optional(),
    minutesBefore: z
      .int('Must be a whole number of minutes')
      .min(0, 'Must be 0 or more minutes')
      .max(
        REMINDER_LIMITS.minutesBeforeMax,
        `Must be at most ${REMINDER_LIMITS.minutesBeforeMax} minutes (4 weeks)`,
      )
      .optional(),
  })
  .refine((input) => (input.at === undefined) !== (input.minutesBefore === undefined), {
    message: 'Give either a time (at) or minutes before the due time (minutesBefore)',
    path: ['at'],
  });

export const reminderIdInput = z.strictObject({ id: id('reminder') });
export const reminderListInput = z.strictObject({ taskId: id('task') });

export type ReminderCreateInput = z.infer<typeof reminderCreateInput>;
