// What a notification on TASK_EVENTS_CHANNEL says: whose log has something new and, when the
// trigger could carry it (migration 0014), the change itself. Read by every instance for every
// change, so the owner comes first and costs a slice: an instance holding none of that person's
// streams never parses the rest.
import { z } from 'zod';

import { RECURRENCE_FREQUENCIES, RECURRENCE_WEEKDAYS } from '../contract/recurrence-rules';
import { TASK_PRIORITIES } from '../contract/task-rules';
import type { LoggedChange } from './task-event-log';

/** A user id as PostgreSQL writes a uuid: the whole payload of a notification without a change. */
const OWNER_LENGTH = 36;

export function notifiedOwner(payload: string): string {
  return payload.slice(0, OWNER_LENGTH);
}

const instant = z.string().transform((text, ctx) => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not an instant' });
    return z.NEVER;
  }
  return date;
});

/** The task as json_build_object writes it in the trigger: the columns of TaskRecord. */
const notifiedTask = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  completed: z.boolean(),
  priority: z.enum(TASK_PRIORITIES),
  due_at: instant.nullable(),
  tags: z.array(z.string()),
  created_at: instant,
  updated_at: instant,
  completed_at: instant.nullable(),
  version: z.int(),
  list_id: z.string().nullable(),
  // As stored (StoredRecurrence): `until` stays the ISO text the column holds.
  recurrence: z
    .object({
      freq: z.enum(RECURRENCE_FREQUENCIES),
      interval: z.int(),
      byWeekday: z.array(z.enum(RECURRENCE_WEEKDAYS)).optional(),
      byMonthDay: z.array(z.int()).optional(),
      until: z.string().optional(),
      count: z.int().optional(),
    })
    .nullable(),
});

const notifiedChange = z.discriminatedUnion('kind', [
  z.object({ seq: z.int(), kind: z.literal('upsert'), taskId: z.string(), task: notifiedTask }),
  z.object({ seq: z.int(), kind: z.literal('delete'), taskId: z.string(), task: z.null() }),
]);

/**
 * The change a notification carries, or undefined when it carries none (a reminder, a change too
 * large for a payload) or one this build cannot read: the streams then read the log, which always
 * holds it.
 */
export function notifiedChangeOf(payload: string): LoggedChange | undefined {
  if (payload.length <= OWNER_LENGTH + 1 || payload[OWNER_LENGTH] !== ' ') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(payload.slice(OWNER_LENGTH + 1));
  } catch {
    return undefined;
  }
  const parsed = notifiedChange.safeParse(json);
  if (!parsed.success) return undefined;
  const change = parsed.data;
  return {
    seq: change.seq,
    kind: change.kind,
    taskId: change.taskId,
    current: change.task,
    reminder: null,
  };
}
