import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import {
  createDatabase,
  sql,
  type Database,
  type Kysely,
  type TasklaneDatabase,
} from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { claimJobs } from '../jobs/job-claims';
import { createJobRunner, type JobRunner } from '../jobs/job-runner';
import { recordingLogger, waitForJobsSettled } from '../jobs/job-test-support';
import { startSmtpTestServer, type SmtpTestServer } from '../testing/smtp-test-server';
import { renderMail } from './mail-content';
import { createMailDelivery, type MailDelivery } from './mail-delivery';
import { MAIL_DELIVERY_JOB, queueMail } from './mail-outbox';

let smtp: SmtpTestServer;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  smtp = await startSmtpTestServer();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await smtp.stop();
});

const FROM = 'Tasklane <no-reply@tasklane.test>';

function deliveryRunner(
  db: Kysely<Database>,
  options: { url?: string; logger?: ReturnType<typeof recordingLogger>; production?: boolean } = {},
): { runner: JobRunner; delivery: MailDelivery } {
  const logger = options.logger ?? recordingLogger();
  const delivery = createMailDelivery({
    db,
    config: {
      transport: { kind: 'smtp', url: options.url ?? smtp.url },
      from: FROM,
      appUrl: 'http://app.test',
    },
    logger,
    production: options.production ?? true,
  });
  const runner = createJobRunner({
    db,
    logger,
    pollIntervalMs: 20,
    handlers: { [MAIL_DELIVERY_JOB]: delivery.handler },
  });
  cleanups.push(async () => {
    await runner.stop();
    delivery.close();
  });
  return { runner, delivery };
}

/** A test mail to a unique address, so tests sharing a database tell their mails apart. */
function testMail(to: string, n = 1) {
  return {
    kind: 'test',
    to,
    userId: undefined,
    ...renderMail({
      subject: `Hello ${n} <&>`,
      paragraphs: [`Mail number ${n} for you & "friends".`],
      action: { label: 'Open it', url: `http://app.test/reset-password#token=tok-${n}` },
    }),
  };
}

function address(): string {
  return `person-${randomUUID()}@example.com`;
}

async function runUntilSettled(db: Kysely<Database>, runner: JobRunner): Promise<void> {
  await vi.waitFor(
    async () => {
      await runner.runOnce();
      const open = await db
        .selectFrom('jobs')
        .innerJoin('mail_outbox', (join) =>
          join.on(sql`mail_outbox.id::text`, '=', sql`jobs.payload->>'mailId'`),
        )
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('jobs.state', 'in', ['pending', 'running'])
        .executeTakeFirstOrThrow();
      if (open.count > 0) throw new Error('mail jobs still open');
    },
    { timeout: 20_000, interval: 20 },
  );
}

describeEachDatabase('mail delivery', (database, target) => {
  it('a mail queued in a committed transaction reaches the SMTP server once, text and HTML', async () => {
    const { db } = database();
    const to = address();
    const logger = recordingLogger();
    const mailId = await db.transaction().execute((trx) => queueMail(trx, testMail(to)));
    const { runner } = deliveryRunner(db, { logger });

    expect(await runner.runOnce()).toBe(1);
    const [mail] = await smtp.waitForMails(1, (received) => received.to.includes(to));
    expect(mail).toMatchObject({
      to: [to],
      from: 'no-reply@tasklane.test',
      subject: 'Hello 1 <&>',
    });
    expect(mail?.messageId).toBe(`<${mailId}@tasklane.test>`);
    expect(mail?.text).toContain('Mail number 1 for you & "friends".');
    expect(mail?.text).toContain('http://app.test/reset-password#token=tok-1');
    expect(mail?.html).toContain('Mail number 1 for you &amp; &quot;friends&quot;.');
    expect(mail?.html).toContain('href="http://app.test/reset-password#token=tok-1"');

    expect(await runner.runOnce()).toBe(0);
    expect(smtp.mails.filter((received) => received.to.includes(to))).toHaveLength(1);
    // Sent: the record stays, what held the token is erased.
    const row = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('id', '=', mailId)
      .executeTakeFirstOrThrow();
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(row).toMatchObject({ text_body: '', html_body: '', link: null });
    // In production the logs carry ids, never the address or the link.
    const logged = JSON.stringify(logger.lines);
    expect(logged).not.toContain(to);
    expect(logged).not.toContain('tok-1');
  });

  it('a mail queued in a transaction that rolls back is never sent', async () => {
    const { db } = database();
    const to = address();
    await expect(
      db.transaction().execute(async (trx) => {
        await queueMail(trx, testMail(to));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', to)
      .execute();
    expect(rows).toEqual([]);
  });

  it('an SMTP outage loses nothing: queued mails are delivered once after it comes back', async () => {
    const { db } = database();
    const logger = recordingLogger();
    smtp.setAvailable(false);
    const recipients = [address(), address(), address()];
    for (const [index, to] of recipients.entries()) await queueMail(db, testMail(to, index));
    const { runner } = deliveryRunner(db, { logger });

    expect(await runner.runOnce()).toBe(3);
    const waiting = await db
      .selectFrom('jobs')
      .select(['state', 'attempts', 'last_error'])
      .where('kind', '=', MAIL_DELIVERY_JOB)
      .where(
        sql<string>`payload->>'mailId'`,
        'in',
        db
          .selectFrom('mail_outbox')
          .select(sql<string>`id::text`.as('id'))
          .where('to_address', 'in', recipients),
      )
      .execute();
    expect(waiting).toHaveLength(3);
    expect(waiting.every((job) => job.state === 'pending' && job.attempts === 1)).toBe(true);
    expect(waiting[0]?.last_error).toBe('SMTP delivery failed (SMTP 421)');

    // The server comes back; the backoff has passed (moved, not slept through).
    smtp.setAvailable(true);
    await db
      .updateTable('jobs')
      .set({ run_at: sql`now()` })
      .where('state', '=', 'pending')
      .execute();
    await runUntilSettled(db, runner);
    for (const to of recipients) {
      expect(smtp.mails.filter((received) => received.to.includes(to))).toHaveLength(1);
    }
    expect(JSON.stringify(logger.lines)).not.toContain(recipients[0]);
  });

  it('two instances deliver each mail exactly once', async () => {
    const { db } = database();
    const recipients = Array.from({ length: 30 }, () => address());
    for (const [index, to] of recipients.entries()) await queueMail(db, testMail(to, index));
    const instances: TasklaneDatabase[] = [];
    for (let instance = 0; instance < 2; instance += 1) {
      let instanceDb = db;
      const url = database().url;
      if (target.name === 'postgres' && url !== undefined) {
        const own = createDatabase({ url, pool: { max: 2 } });
        instances.push(own);
        instanceDb = own.db;
      }
      const { runner } = deliveryRunner(instanceDb);
      await runner.start();
    }
    cleanups.unshift(async () => {
      await Promise.all(instances.map((instance) => instance.destroy()));
    });

    await waitForJobsSettled(db, MAIL_DELIVERY_JOB);
    for (const to of recipients) {
      expect(smtp.mails.filter((received) => received.to.includes(to))).toHaveLength(1);
    }
  });

  it('a mail whose instance died while sending is delivered once after the lease, by a restarted one', async () => {
    const { db } = database();
    const to = address();
    await queueMail(db, testMail(to));
    // The dying instance had claimed the mail's job and never settled it.
    await claimJobs(db, {
      runnerId: 'killed',
      kinds: [MAIL_DELIVERY_JOB],
      limit: 100,
      leaseMs: 200,
    });
    const { runner } = deliveryRunner(db);
    await runner.start();
    await smtp.waitForMails(1, (received) => received.to.includes(to));
    await waitForJobsSettled(db, MAIL_DELIVERY_JOB);
    expect(smtp.mails.filter((received) => received.to.includes(to))).toHaveLength(1);
  });

  it('a mail still failing on its last attempt is marked failed and logged once', async () => {
    const { db } = database();
    const logger = recordingLogger();
    const to = address();
    const mailId = await queueMail(db, testMail(to));
    await db
      .updateTable('jobs')
      .set({ max_attempts: 2 })
      .where(sql<string>`payload->>'mailId'`, '=', mailId)
      .execute();
    smtp.setAvailable(false);
    const { runner } = deliveryRunner(db, { logger });
    expect(await runner.runOnce()).toBe(1);
    await db
      .updateTable('jobs')
      .set({ run_at: sql`now()` })
      .where('state', '=', 'pending')
      .execute();
    expect(await runner.runOnce()).toBe(1);

    const row = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('id', '=', mailId)
      .executeTakeFirstOrThrow();
    expect(row.failed_at).toBeInstanceOf(Date);
    expect(row.sent_at).toBeNull();
    const failures = logger.lines.filter((line) => line.level === 'error');
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures)).not.toContain(to);
  });

  it('without SMTP outside production the mail stays in the outbox and one line logs its subject and link', async () => {
    const { db } = database();
    const logger = recordingLogger();
    const to = address();
    const mailId = await queueMail(db, testMail(to));
    const delivery = createMailDelivery({
      db,
      config: { transport: { kind: 'outbox-only' }, from: FROM, appUrl: 'http://localhost:3000' },
      logger,
      production: false,
    });
    const runner = createJobRunner({
      db,
      logger,
      handlers: { [MAIL_DELIVERY_JOB]: delivery.handler },
    });
    await vi.waitFor(async () => {
      expect(await runner.runOnce()).toBeGreaterThan(0);
    });
    const lines = logger.lines.filter((line) => line.fields.mailId === mailId);
    expect(lines).toEqual([
      {
        level: 'info',
        fields: {
          mailId,
          kind: 'test',
          subject: 'Hello 1 <&>',
          link: 'http://app.test/reset-password#token=tok-1',
        },
        message: 'mail kept in the outbox (no SMTP_URL): read it at /dev/mail',
      },
    ]);
    const row = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('id', '=', mailId)
      .executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.text_body).toContain('tok-1');
    expect(smtp.mails).toEqual([]);
  });
});
