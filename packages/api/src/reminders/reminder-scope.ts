// The only code that touches the reminders table for a person, and the scheduling of their fire
// times as jobs. Every query filters by the user id the scope was made for (from the session).
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { REMINDER_LIMITS } from '../contract/reminder-rules';
import { enqueueJob } from '../jobs/job-queue';

export const REMINDER_DELIVERY_JOB = 'reminder.deliver';

export interface Reminder {
  id: string;
  taskId: string;
  /** Set for an absolute reminder. */
  at: Date | null;
  /** Set for a reminder relative to the due time. */
  minutesBefore: number | null;
  /** When it fires next for the task as it is now; null when it will not (no due time, done). */
  fireAt: Date | null;
  createdAt: Date;
}

export type CreateReminderResult =
  | { status: 'created'; reminder: Reminder }
  | { status: 'task-not-found' }
  | { status: 'limit-reached'; limit: number };

interface ReminderRow {
  id: string;
  task_id: string;
  remind_at: Date | null;
  minutes_before: number | null;
  created_at: Date;
}

/** When a reminder fires for a task due at `dueAt` (null: it does not). */
export function fireTimeOf(
  reminder: { remind_at: Date | null; minutes_before: number | null },
  task: { due_at: Date | null; completed: boolean },
): Date | null {
  if (task.completed) return null;
  if (reminder.remind_at !== null) return reminder.remind_at;
  if (reminder.minutes_before === null || task.due_at === null) return null;
  return new Date(task.due_at.getTime() - reminder.minutes_before * 60_000);
}

function toReminder(row: ReminderRow, task: { due_at: Date | null; completed: boolean }): Reminder {
  return {
    id: row.id,
    taskId: row.task_id,
    at: row.remind_at,
    minutesBefore: row.minutes_before,
    fireAt: fireTimeOf(row, task),
    createdAt: row.created_at,
  };
}

/**
 * Enqueues a delivery job for the current fire time of each reminder of the task, in the
 * transaction that changed it. A job already made for a (reminder, fire time) is not made again
 * (dedupe key); a job for a fire time no longer current finds so when it runs and sends nothing.
 */
export async function scheduleReminders(
  trx: Kysely<Database>,
  owner: { userId: string; taskId: string },
): Promise<void> {
  const rows = await trx
    .selectFrom('reminders as r')
    .innerJoin('tasks as t', (join) =>
      join.onRef('t.id', '=', 'r.task_id').onRef('t.user_id', '=', 'r.user_id'),
    )
    .where('r.user_id', '=', owner.userId)
    .where('r.task_id', '=', owner.taskId)
    .select(['r.id', 'r.remind_at', 'r.minutes_before', 't.due_at', 't.completed'])
    .execute();
  for (const row of rows) {
    const fireAt = fireTimeOf(row, row);
    if (fireAt === null) continue;
    await enqueueJob(trx, {
      kind: REMINDER_DELIVERY_JOB,
      payload: { reminderId: row.id, fireAt: fireAt.toISOString() },
      runAt: fireAt,
      dedupeKey: `reminder:${row.id}:${fireAt.toISOString()}`,
    });
  }
}

export type ReminderScope = ReturnType<typeof reminderScope>;

export function reminderScope(db: Kysely<Database>, userId: string) {
  async function taskOf(executor: Kysely<Database>, taskId: string, lock: boolean) {
    let query = executor
      .selectFrom('tasks')
      .select(['id', 'due_at', 'completed'])
      .where('user_id', '=', userId)
      .where('id', '=', taskId);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  return {
    async list(taskId: string): Promise<Reminder[] | undefined> {
      const task = await taskOf(db, taskId, false);
      if (task === undefined) return undefined;
      const rows = await db
        .selectFrom('reminders')
        .select(['id', 'task_id', 'remind_at', 'minutes_before', 'created_at'])
        .where('user_id', '=', userId)
        .where('task_id', '=', taskId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((row) => toReminder(row, task));
    },

    /** At most REMINDER_LIMITS.perTask per task: counted under the task's row lock. */
    create(input: {
      taskId: string;
      at?: Date | undefined;
      minutesBefore?: number | undefined;
    }): Promise<CreateReminderResult> {
      return db.transaction().execute(async (trx): Promise<CreateReminderResult> => {
        const task = await taskOf(trx, input.taskId, true);
        if (task === undefined) return { status: 'task-not-found' };
        const { count } = await trx
          .selectFrom('reminders')
          .where('user_id', '=', userId)
          .where('task_id', '=', input.taskId)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        if (count >= REMINDER_LIMITS.perTask) {
          return { status: 'limit-reached', limit: REMINDER_LIMITS.perTask };
        }
        const row = await trx
          .insertInto('reminders')
          .values({
            user_id: userId,
            task_id: input.taskId,
            remind_at: input.at ?? null,
            minutes_before: input.minutesBefore ?? null,
          })
          .returning(['id', 'task_id', 'remind_at', 'minutes_before', 'created_at'])
          .executeTakeFirstOrThrow();
        await scheduleReminders(trx, { userId, taskId: input.taskId });
        return { status: 'created', reminder: toReminder(row, task) };
      });
    },

    /** True when a reminder was deleted (its pending job then finds nothing to send). */
    async delete(id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('reminders')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
