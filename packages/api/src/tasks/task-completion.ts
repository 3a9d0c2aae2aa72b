// Completing a task, repeating or not. A repeating task is one row whose due time advances to
// its next occurrence; each completed occurrence is a task_completions row. The task's row is
// locked for the decision, so concurrent completes of one occurrence (two devices, a retry)
// advance it once: the later ones find it already moved past the occurrence they name.
import { sql, type Kysely, type RawBuilder } from 'kysely';

import type { Database } from '@tasklane/db';

import { nextOccurrence } from '../recurrence/next-occurrence';
import { scheduleReminders } from '../reminders/reminder-scope';
import { recurrenceOf } from '../recurrence/recurrence-storage';
import { TASK_COLUMNS, type TaskRecord } from './task';

export interface Completion {
  id: string;
  /** The due time of the occurrence the caller means; absent: the current one. */
  occurrence?: Date | undefined;
  /** The application clock's now: when the occurrence was completed. */
  now: Date;
  /** The person's IANA zone, where occurrences keep their wall-clock time. */
  timeZone: string;
}

/**
 * Completes the task in `trx` (a transaction of the caller's): a one-off task for good, a
 * repeating one by recording the occurrence and moving its due time to the next occurrence still
 * ahead (after its due time and after now), or for good when the series has ended. Undefined
 * when the task is not the user's. A completed task, or an occurrence already passed, is
 * returned unchanged.
 */
export async function completeTask(
  trx: Kysely<Database>,
  userId: string,
  completion: Completion,
): Promise<TaskRecord | undefined> {
  const row = await trx
    .selectFrom('tasks')
    .select([...TASK_COLUMNS, 'series_start_at'])
    .where('user_id', '=', userId)
    .where('id', '=', completion.id)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { series_start_at: seriesStart, ...task } = row;
  if (task.completed) return task;
  const rule = recurrenceOf(task.recurrence);
  if (rule === null || task.due_at === null || seriesStart === null) {
    return finish(trx, userId, { id: task.id, changes: { completed_at: sql<Date>`now()` } });
  }
  const due = task.due_at;
  if (completion.occurrence !== undefined && completion.occurrence.getTime() !== due.getTime()) {
    return task;
  }
  await trx
    .insertInto('task_completions')
    .values({ task_id: task.id, user_id: userId, occurrence_at: due, completed_at: completion.now })
    .onConflict((conflict) => conflict.columns(['task_id', 'occurrence_at']).doNothing())
    .execute();
  // Completing late skips the occurrences already past: the task comes back once, ahead.
  const after = due > completion.now ? due : completion.now;
  const next = nextOccurrence({ rule, start: seriesStart, timeZone: completion.timeZone }, after);
  const advanced = await finish(trx, userId, {
    id: task.id,
    changes: next === null ? { completed_at: completion.now } : { due_at: next },
  });
  // Reminders relative to the due time move to the next occurrence.
  await scheduleReminders(trx, { userId, taskId: task.id });
  return advanced;
}

function finish(
  trx: Kysely<Database>,
  userId: string,
  update: { id: string; changes: { completed_at: Date | RawBuilder<Date> } | { due_at: Date } },
): Promise<TaskRecord> {
  return trx
    .updateTable('tasks')
    .set((eb) => ({ ...update.changes, version: eb('version', '+', 1) }))
    .where('user_id', '=', userId)
    .where('id', '=', update.id)
    .returning(TASK_COLUMNS)
    .executeTakeFirstOrThrow();
}
