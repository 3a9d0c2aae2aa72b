// Delivers the fire times of a batch of reminders, each exactly once, in one transaction of a
// handful of set-based statements whatever the batch's size (10,000 may fall due in one minute;
// a transaction per reminder delivered about 150 a second). In that transaction it:
// 1. marks the batch's jobs done, keeping only those this runner still holds;
// 2. locks their reminders and re-checks each: it still exists, its task is still the same
//    person's and active, and the fire time is still the current one (a moved due time, a
//    completed or deleted task: nothing is sent);
// 3. records the deliveries (their key is a second guard), appends `reminder` events to the
//    owners' live logs, and queues a mail for those who asked for them.
// A crash loses all of it (the jobs run again) or keeps all of it (they never run again).
import type { Kysely } from 'kysely';

import type { Database, StoredRecurrence } from '@tasklane/db';

import { reminderMailRecipients } from '../accounts/user-store';
import { REMINDER_LIMITS } from '../contract/reminder-rules';
import { appendReminderEvents } from '../events/task-event-log';
import type { ClaimedJob } from '../jobs/job-claims';
import type { BatchJobHandler } from '../jobs/job-runner';
import type { Logger } from '../logger';
import { queueMails } from '../mail/mail-outbox';
import { recurrenceOf } from '../recurrence/recurrence-storage';
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

interface Due {
  reminderId: string;
  fireAt: Date;
}

function payloadOf(job: ClaimedJob): Due | undefined {
  const payload = job.payload as { reminderId?: unknown; fireAt?: unknown } | null;
  if (typeof payload?.reminderId !== 'string' || typeof payload.fireAt !== 'string') {
    return undefined;
  }
  const fireAt = new Date(payload.fireAt);
  if (Number.isNaN(fireAt.getTime())) return undefined;
  return { reminderId: payload.reminderId, fireAt };
}

export function createReminderDeliveryHandler(options: ReminderDeliveryOptions): BatchJobHandler {
  return async (jobs, context): Promise<void> => {
    const now = options.clock();
    const missed = await options.db.transaction().execute(async (trx) => {
      const held = await context.completeWithin(trx, jobs);
      const due: Due[] = [];
      for (const job of jobs) {
        if (!held.has(job.id)) continue;
        const payload = payloadOf(job);
        if (payload === undefined) {
          options.logger.warn({ jobId: job.id }, 'reminder job without a valid payload; dropped');
        } else {
          due.push(payload);
        }
      }
      return deliver(trx, { due, now }, options);
    });
    for (const { reminderId, fireAt } of missed) {
      options.logger.warn(
        { reminderId, fireAt: fireAt.toISOString() },
        'reminder recorded as missed (more than an hour late)',
      );
    }
  };
}

/** Delivers the due fire times still current; returns those recorded as missed. */
async function deliver(
  trx: Kysely<Database>,
  { due, now }: { due: readonly Due[]; now: Date },
  options: ReminderDeliveryOptions,
): Promise<Due[]> {
  if (due.length === 0) return [];
  // Locks the reminders, in id order so two batches never wait on each other in a circle: a
  // delete waits for this delivery, or this delivery finds the reminder gone. Tasks are read,
  // not locked: a completion or move committed before this statement is seen and sends nothing;
  // one committing after it comes after the delivery, as if it had been a moment later.
  const rows = await trx
    .selectFrom('reminders as r')
    .innerJoin('tasks as t', (join) =>
      join.onRef('t.id', '=', 'r.task_id').onRef('t.user_id', '=', 'r.user_id'),
    )
    .where('r.id', 'in', [...new Set(due.map((item) => item.reminderId))])
    .select([
      'r.id',
      'r.user_id',
      'r.task_id',
      'r.remind_at',
      'r.minutes_before',
      't.title',
      't.due_at',
      't.recurrence',
      't.completed',
    ])
    .orderBy('r.id')
    .forUpdate('r')
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const current = due.flatMap((item) => {
    const row = byId.get(item.reminderId);
    const fireAt = row === undefined ? null : fireTimeOf(row, row);
    if (row === undefined || fireAt?.getTime() !== item.fireAt.getTime()) return [];
    const late = now.getTime() - item.fireAt.getTime() > REMINDER_LIMITS.lateMaxMs;
    return [{ ...item, row, late }];
  });
  if (current.length === 0) return [];
  const recorded = await trx
    .insertInto('reminder_deliveries')
    .values(
      current.map((item) => ({
        reminder_id: item.reminderId,
        fire_at: item.fireAt,
        user_id: item.row.user_id,
        outcome: item.late ? 'missed' : 'sent',
        recorded_at: now,
      })),
    )
    .onConflict((conflict) => conflict.columns(['reminder_id', 'fire_at']).doNothing())
    .returning(['reminder_id', 'fire_at'])
    .execute();
  const isNew = new Set(
    recorded.map((row) => `${row.reminder_id}@${String(row.fire_at.getTime())}`),
  );
  const fresh = current.filter((item) =>
    isNew.has(`${item.reminderId}@${String(item.fireAt.getTime())}`),
  );
  const toSend = fresh.filter((item) => !item.late);
  await appendReminderEvents(
    trx,
    toSend.map((item) => ({
      userId: item.row.user_id,
      taskId: item.row.task_id,
      reminderId: item.reminderId,
      fireAt: item.fireAt,
    })),
  );
  await queueReminderMails(trx, toSend, options.appUrl);
  return fresh.filter((item) => item.late);
}

/**
 * One mail per reminder sent, to the people who turned email reminders on, with the due time in
 * each one's zone: the addresses and zones of the whole batch come in one query.
 */
async function queueReminderMails(
  trx: Kysely<Database>,
  sent: readonly {
    row: {
      user_id: string;
      title: string;
      due_at: Date | null;
      recurrence: StoredRecurrence | null;
    };
  }[],
  appUrl: string,
): Promise<void> {
  if (sent.length === 0) return;
  const recipients = await reminderMailRecipients(trx, [
    ...new Set(sent.map((item) => item.row.user_id)),
  ]);
  await queueMails(
    trx,
    sent.flatMap(({ row }) => {
      const recipient = recipients.get(row.user_id);
      if (recipient === undefined) return [];
      return [
        {
          kind: 'reminder',
          to: recipient.email,
          userId: row.user_id,
          ...reminderMail({
            title: row.title,
            dueAt: row.due_at,
            recurrence: recurrenceOf(row.recurrence),
            timeZone: recipient.timeZone,
            appUrl,
          }),
        },
      ];
    }),
  );
}
