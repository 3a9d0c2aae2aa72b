import { randomBytes, randomUUID } from 'node:crypto';

import { expect, it, vi } from 'vitest';

import { createDatabase, sql, type Database, type Kysely } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { renderMail } from '../mail/mail-content';
import { queueMail } from '../mail/mail-outbox';
import { createPruneHandler, PRUNE_JOB, schedulePrune, scheduleTodaysPrune } from './job-pruning';
import { enqueueJob } from './job-queue';
import { createJobRunner } from './job-runner';
import { recordingLogger } from './job-test-support';

/** A job of a kind of its own, finished `daysAgo` in `state`. */
async function finishedJob(
  db: Kysely<Database>,
  finished: { state: 'done' | 'failed' | 'pending'; daysAgo: number },
): Promise<string> {
  const id = (await enqueueJob(db, { kind: `test.${randomUUID()}`, payload: {} })) ?? '';
  await db
    .updateTable('jobs')
    .set({
      state: finished.state,
      created_at: sql<Date>`now() - make_interval(days => ${finished.daysAgo + 1})`,
      finished_at:
        finished.state === 'pending'
          ? null
          : sql<Date>`now() - make_interval(days => ${finished.daysAgo})`,
    })
    .where('id', '=', id)
    .execute();
  return id;
}

async function mailAged(
  db: Kysely<Database>,
  aged: { daysAgo: number; sent: boolean },
): Promise<string> {
  const id = await queueMail(db, {
    kind: 'test',
    to: `prune-${randomUUID()}@example.com`,
    userId: undefined,
    ...renderMail({ subject: 'Old', paragraphs: ['An old mail.'] }),
  });
  await db
    .updateTable('mail_outbox')
    .set({
      created_at: sql<Date>`now() - make_interval(days => ${aged.daysAgo})`,
      sent_at: aged.sent ? sql<Date>`now() - make_interval(days => ${aged.daysAgo})` : null,
    })
    .where('id', '=', id)
    .execute();
  return id;
}

/** A device code that expired `hoursAgo`; returns its client name, which is unique. */
async function deviceCodeExpired(
  db: Kysely<Database>,
  expired: { hoursAgo: number },
): Promise<string> {
  const clientName = `prune-${randomUUID()}`;
  const expiresAt = new Date(Date.now() - expired.hoursAgo * 3600 * 1000);
  await db
    .insertInto('device_codes')
    .values({
      device_code_hash: randomBytes(32),
      user_code_hash: randomBytes(32),
      client_name: clientName,
      user_agent: null,
      created_at: new Date(expiresAt.getTime() - 600_000),
      expires_at: expiresAt,
      interval_seconds: 5,
    })
    .execute();
  return clientName;
}

describeEachDatabase('the daily prune of jobs, mail records and device codes', (database) => {
  it('deletes done jobs after 7 days, failed ones after 30, finished mails after 30; keeps the rest', async () => {
    const { db } = database();
    const oldDone = await finishedJob(db, { state: 'done', daysAgo: 8 });
    const recentDone = await finishedJob(db, { state: 'done', daysAgo: 6 });
    const failedMonthAgo = await finishedJob(db, { state: 'failed', daysAgo: 31 });
    const failedWeekAgo = await finishedJob(db, { state: 'failed', daysAgo: 8 });
    const oldPending = await finishedJob(db, { state: 'pending', daysAgo: 60 });
    const oldSent = await mailAged(db, { daysAgo: 31, sent: true });
    const recentSent = await mailAged(db, { daysAgo: 29, sent: true });
    const oldWaiting = await mailAged(db, { daysAgo: 31, sent: false });
    const longExpiredCode = await deviceCodeExpired(db, { hoursAgo: 25 });
    const justExpiredCode = await deviceCodeExpired(db, { hoursAgo: 1 });

    await createPruneHandler({ db, logger: recordingLogger() })(
      { id: randomUUID(), kind: PRUNE_JOB, payload: {}, attempt: 1, maxAttempts: 10 },
      { signal: new AbortController().signal, completeWithin: () => Promise.resolve() },
    );

    const jobIds = new Set(
      (await db.selectFrom('jobs').select('id').execute()).map((row) => row.id),
    );
    expect(jobIds.has(oldDone)).toBe(false);
    expect(jobIds.has(failedMonthAgo)).toBe(false);
    for (const kept of [recentDone, failedWeekAgo, oldPending]) expect(jobIds.has(kept)).toBe(true);
    const mailIds = new Set(
      (await db.selectFrom('mail_outbox').select('id').execute()).map((row) => row.id),
    );
    expect(mailIds.has(oldSent)).toBe(false);
    expect(mailIds.has(recentSent)).toBe(true);
    // Still waiting for delivery: never pruned, whatever its age.
    expect(mailIds.has(oldWaiting)).toBe(true);
    // Device codes a day past their expiry go; a code just expired still answers `expired`.
    const codes = (await db.selectFrom('device_codes').select('client_name').execute()).map(
      (row) => row.client_name,
    );
    expect(codes).not.toContain(longExpiredCode);
    expect(codes).toContain(justExpiredCode);

    // The prune scheduled tomorrow's.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const next = await db
      .selectFrom('jobs')
      .select(['state', 'run_at'])
      .where('dedupe_key', '=', `prune:${tomorrow}`)
      .executeTakeFirstOrThrow();
    expect(next.state).toBe('pending');
    expect(next.run_at.getTime()).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
  });

  it('one prune a day however many instances start: the day is its dedupe key', async () => {
    const { db } = database();
    const day = new Date('2031-05-04T10:00:00Z');
    await schedulePrune(db, day);
    await schedulePrune(db, new Date('2031-05-04T23:00:00Z'));
    const rows = await db
      .selectFrom('jobs')
      .select('id')
      .where('dedupe_key', '=', 'prune:2031-05-04')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('a runner with the prune handler runs today’s prune, scheduled at start', async () => {
    const { db } = database();
    const stop = scheduleTodaysPrune({ db, logger: recordingLogger() });
    const key = `prune:${new Date().toISOString().slice(0, 10)}`;
    await vi.waitFor(async () => {
      await db
        .selectFrom('jobs')
        .select('id')
        .where('dedupe_key', '=', key)
        .executeTakeFirstOrThrow();
    });
    stop();
    const runner = createJobRunner({
      db,
      handlers: { [PRUNE_JOB]: createPruneHandler({ db, logger: recordingLogger() }) },
    });
    expect(await runner.runOnce()).toBeGreaterThan(0);
    const today = await db
      .selectFrom('jobs')
      .select('state')
      .where('dedupe_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(today.state).toBe('done');
  });
});

it('an unreachable database at start is logged and tried again, never thrown', async () => {
  const unreachable = createDatabase({
    url: 'postgres://postgres@127.0.0.1:1/nowhere',
    pool: { connectionTimeoutMillis: 500 },
  });
  const logger = recordingLogger();
  const stop = scheduleTodaysPrune({ db: unreachable.db, logger });
  await vi.waitFor(() => {
    expect(logger.lines.map((line) => line.message)).toEqual([
      'could not schedule the daily prune; retrying in a minute',
    ]);
  });
  stop();
  await unreachable.destroy();
});
