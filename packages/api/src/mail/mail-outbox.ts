// Writes mails to the outbox with the job that delivers them. Call it inside the transaction of
// the change that causes the mail: the mail exists if and only if that change commits, and a
// crash after the commit still delivers it.
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { enqueueJob, enqueueJobs, type NewJob } from '../jobs/job-queue';
import type { MailContent } from './mail-content';

export const MAIL_DELIVERY_JOB = 'mail.deliver';

/** Tries of one mail: with the backoff (5 s doubling, 1 h at most) about 5 hours of outage. */
export const MAIL_DELIVERY_ATTEMPTS = 12;

export interface OutgoingMail extends MailContent {
  /** The mail's kind, e.g. `password-reset`; one template per kind. */
  kind: string;
  to: string;
  /** The account it concerns; undefined for an address without one. */
  userId: string | undefined;
}

/** The outbox row of a mail, the same whether it is queued alone or with others. */
function outboxRow(mail: OutgoingMail) {
  return {
    user_id: mail.userId ?? null,
    kind: mail.kind,
    to_address: mail.to,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html,
    link: mail.link ?? null,
  };
}

/** The job that delivers one outbox mail; its key makes a second one for the same mail a no-op. */
function deliveryJob(mailId: string): NewJob {
  return {
    kind: MAIL_DELIVERY_JOB,
    payload: { mailId },
    maxAttempts: MAIL_DELIVERY_ATTEMPTS,
    dedupeKey: `mail:${mailId}`,
  };
}

export async function queueMail(db: Kysely<Database>, mail: OutgoingMail): Promise<string> {
  const row = await db
    .insertInto('mail_outbox')
    .values(outboxRow(mail))
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(db, deliveryJob(row.id));
  return row.id;
}

/** Many mails at once (a batch of reminders): two inserts and one wake-up, whatever their number. */
export async function queueMails(
  db: Kysely<Database>,
  mails: readonly OutgoingMail[],
): Promise<string[]> {
  if (mails.length === 0) return [];
  const rows = await db
    .insertInto('mail_outbox')
    .values(mails.map(outboxRow))
    .returning('id')
    .execute();
  await enqueueJobs(
    db,
    rows.map((row) => deliveryJob(row.id)),
  );
  return rows.map((row) => row.id);
}

/**
 * Deletes the records of mails sent or given up more than `days` ago (their bodies were erased at
 * sending already); mails still waiting are kept whatever their age. Returns how many went.
 */
export async function pruneOutbox(db: Kysely<Database>, days: number): Promise<number> {
  const result = await db
    .deleteFrom('mail_outbox')
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .where((eb) => eb.or([eb('sent_at', 'is not', null), eb('failed_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
