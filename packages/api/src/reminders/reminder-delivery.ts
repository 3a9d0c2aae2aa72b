// Delivers one fire time of a reminder, exactly once. The job's handler re-checks everything in
// one transaction: the reminder still exists, its task is still the same person's and active,
// and the fire time is still the current one (a moved due time, a completed or deleted task:
// nothing is sent). Then it records the delivery (its key is a second guard), appends a
// `reminder` event to the owner's live log, queues a mail if the person asked for them, and marks
// its job done, all in the same transaction: a crash loses all of it (the job runs again) or
// keeps all of it (it never runs again).
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { reminderMailAddress } from '../accounts/user-store';
import { REMINDER_LIMITS } from '../contract/reminder-rules';
import { appendReminderEvent } from '../events/task-event-log';
import type { ClaimedJob } from '../jobs/job-claims';
import type { JobContext, JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logger';
import { queueMail } from '../mail/mail-outbox';
import { reminderMail } from './reminder-mail';
import { fireTimeOf } from './reminder-scope';

export type DeliveryOutcome = 'sent' | 'missed' | 'stale';

export interface ReminderDeliveryOptions {
  db: Kysely<Database>;
  /** The application clock: how late a delivery is. */
  clock: () => Date;
  /** Where the mail's link points (the web app). */
  appUrl: string;
  logger: Logger;
}

function payloadOf(job: ClaimedJob): { reminderId: string; fireAt: Date } | undefined {
  const payload = job.payload as { reminderId?: unknown; fireAt?: unknown } | null;
  if (typeof payload?.reminderId !== 'string' || typeof payload.fireAt !== 'string') {
    return undefined;
  }
  return { reminderId: payload.reminderId, fireAt: new Date(payload.fireAt) };
}

export function createReminderDeliveryHandler(options: ReminderDeliveryOptions): JobHandler {
  return async (job: ClaimedJob, context: JobContext): Promise<void> => {
    const payload = payloadOf(job);
    if (payload === undefined) {
      options.logger.warn({ jobId: job.id }, 'reminder job without a valid payload; dropped');
      return;
    }
    const outcome = await options.db
      .transaction()
      .execute((trx) => deliver(trx, { ...payload, now: options.clock(), context, options }));
    if (outcome === 'missed') {
      options.logger.warn(
        { reminderId: payload.reminderId, fireAt: payload.fireAt.toISOString() },
        'reminder recorded as missed (more than an hour late)',
      );
    }
  };
}

async function deliver(
  trx: Kysely<Database>,
  delivery: {
    reminderId: string;
    fireAt: Date;
    now: Date;
    context: JobContext;
    options: ReminderDeliveryOptions;
  },
): Promise<DeliveryOutcome> {
  const { reminderId, fireAt, now, context } = delivery;
  // Locks the reminder: a delete waits for this delivery, or this delivery finds it gone.
  const row = await trx
    .selectFrom('reminders as r')
    .innerJoin('tasks as t', (join) =>
      join.onRef('t.id', '=', 'r.task_id').onRef('t.user_id', '=', 'r.user_id'),
    )
    .where('r.id', '=', reminderId)
    .select([
      'r.user_id',
      'r.task_id',
      'r.remind_at',
      'r.minutes_before',
      't.title',
      't.due_at',
      't.completed',
    ])
    .forUpdate()
    .executeTakeFirst();
  const current = row === undefined ? null : fireTimeOf(row, row);
  if (row === undefined || current === null || current.getTime() !== fireAt.getTime()) {
    await context.completeWithin(trx);
    return 'stale';
  }
  const late = now.getTime() - fireAt.getTime() > REMINDER_LIMITS.lateMaxMs;
  const recorded = await trx
    .insertInto('reminder_deliveries')
    .values({
      reminder_id: reminderId,
      fire_at: fireAt,
      user_id: row.user_id,
      outcome: late ? 'missed' : 'sent',
      recorded_at: now,
    })
    .onConflict((conflict) => conflict.columns(['reminder_id', 'fire_at']).doNothing())
    .returning(sql<number>`1`.as('inserted'))
    .executeTakeFirst();
  if (recorded !== undefined && !late) {
    await appendReminderEvent(trx, {
      userId: row.user_id,
      taskId: row.task_id,
      reminderId,
      fireAt,
    });
    const to = await reminderMailAddress(trx, row.user_id);
    if (to !== undefined) {
      await queueMail(trx, {
        kind: 'reminder',
        to,
        userId: row.user_id,
        ...reminderMail({
          title: row.title,
          dueAt: row.due_at,
          appUrl: delivery.options.appUrl,
        }),
      });
    }
  }
  await context.completeWithin(trx);
  return late ? 'missed' : 'sent';
}
