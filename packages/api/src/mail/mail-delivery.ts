// The job that delivers one outbox mail. It may run again after a crash (the jobs runner retries
// a job whose runner died), so it first checks whether the mail already went out.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';

import type { Database } from '@tasklane/db';

import type { JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logger';
import type { MailConfig } from './mail-config';
import { createSmtpSender, messageIdFor, type SmtpSender } from './smtp-sender';

const payloadSchema = z.object({ mailId: z.uuid() });

export interface MailDelivery {
  handler: JobHandler;
  close(): void;
}

export interface MailDeliveryOptions {
  db: Kysely<Database>;
  config: MailConfig;
  logger: Logger;
  /** Production: links and addresses never reach the logs. */
  production: boolean;
}

export function createMailDelivery(options: MailDeliveryOptions): MailDelivery {
  const { db, config, logger, production } = options;
  const sender: SmtpSender | undefined =
    config.transport.kind === 'smtp' ? createSmtpSender(config.transport.url) : undefined;

  const handler: JobHandler = async (job) => {
    const { mailId } = payloadSchema.parse(job.payload);
    const mail = await db
      .selectFrom('mail_outbox')
      .select(['id', 'kind', 'to_address', 'subject', 'text_body', 'html_body', 'link', 'sent_at'])
      .where('id', '=', mailId)
      .executeTakeFirst();
    // Sent before its runner died, or removed: nothing left to do.
    if (mail === undefined || mail.sent_at !== null) return;

    if (sender === undefined) {
      // Development without SMTP_URL: the mail stays in the outbox, readable at /dev/mail.
      if (!production) {
        logger.info(
          { mailId, kind: mail.kind, subject: mail.subject, link: mail.link },
          'mail kept in the outbox (no SMTP_URL): read it at /dev/mail',
        );
      }
      return;
    }

    try {
      await sender.send({
        from: config.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
        messageId: messageIdFor(mail.id, config.from),
      });
    } catch (error) {
      if (job.attempt >= job.maxAttempts) {
        await db
          .updateTable('mail_outbox')
          .set({ failed_at: sql<Date>`now()` })
          .where('id', '=', mailId)
          .execute();
      }
      // The job runner logs the attempt with this message only: the SMTP error's code, not its
      // text (which may echo an address).
      throw new Error(`SMTP delivery failed (${smtpErrorCode(error)})`, { cause: error });
    }
    // Sent: keep the record, erase what held a live token.
    await db
      .updateTable('mail_outbox')
      .set({ sent_at: sql<Date>`now()`, text_body: '', html_body: '', link: null })
      .where('id', '=', mailId)
      .execute();
    logger.info({ mailId, kind: mail.kind }, 'mail sent');
  };

  return { handler, close: () => sender?.close() };
}

function smtpErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const fields = error as { code?: unknown; responseCode?: unknown };
    if (typeof fields.responseCode === 'number') return `SMTP ${fields.responseCode}`;
    if (typeof fields.code === 'string') return fields.code;
  }
  return 'unknown error';
}
