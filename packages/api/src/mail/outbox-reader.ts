// Reads the outbox for the development mail viewer (/dev/mail, served only outside production).
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

export interface OutboxMailSummary {
  id: string;
  kind: string;
  to: string;
  subject: string;
  createdAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
}

export interface OutboxMail extends OutboxMailSummary {
  text: string;
  html: string;
  link: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The newest mails first. */
export async function listOutboxMails(
  db: Kysely<Database>,
  limit = 100,
): Promise<OutboxMailSummary[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'to_address', 'subject', 'created_at', 'sent_at', 'failed_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
  }));
}

export async function readOutboxMail(
  db: Kysely<Database>,
  id: string,
): Promise<OutboxMail | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
    text: row.text_body,
    html: row.html_body,
    link: row.link,
  };
}
