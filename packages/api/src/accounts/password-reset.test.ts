import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { enqueueJob } from '../jobs/job-queue';
import { createJobRunner } from '../jobs/job-runner';
import { jobRow, waitForJobsSettled } from '../jobs/job-test-support';
import { createPasswordResetRequestHandler, PASSWORD_RESET_REQUEST_JOB } from './password-reset';
import { callerFor, createTestServices } from '../testing';
import { startSmtpTestServer, type SmtpTestServer } from '../testing/smtp-test-server';

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp.stop();
});

const PASSWORD = 'Old password of a test user 1!';
const NEW_PASSWORD = 'A fresh passphrase nobody guesses 7';

function tokenFrom(text: string): string {
  const match = /http:\/\/app\.test\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text);
  if (match?.[1] === undefined) throw new Error('no reset link in the mail');
  return match[1];
}

describeEachDatabase('password reset', (database) => {
  let services: ApiServices;
  beforeAll(async () => {
    services = await createTestServices(
      database().db,
      {},
      {
        mail: {
          transport: { kind: 'smtp', url: smtp.url },
          from: 'Tasklane <no-reply@app.test>',
          appUrl: 'http://app.test',
        },
        jobs: { pollIntervalMs: 20 },
      },
    );
  });
  afterAll(async () => {
    await services.close();
  });

  async function newAccount(ip = `198.51.100.${Math.floor(Math.random() * 250)}`) {
    const email = `reset-${randomUUID()}@example.com`;
    const session = await callerFor(services, { ip }).caller.auth.signUp({
      email,
      password: PASSWORD,
      name: 'Rita Reset',
      tokenDelivery: 'body',
    });
    const { caller } = callerFor(services, { ip, authorization: `Bearer ${session.accessToken}` });
    return { email, caller };
  }

  async function resetMailTo(email: string) {
    const [mail] = await smtp.waitForMails(
      1,
      (received) =>
        received.to.includes(email) && received.subject === 'Reset your Tasklane password',
    );
    if (mail === undefined) throw new Error('no mail');
    return mail;
  }

  it('mails a one-time link to a real account; the reset signs out every session and the new password works', async () => {
    const { email } = await newAccount();
    // A second session, on another device.
    await callerFor(services).caller.auth.signIn({
      email,
      password: PASSWORD,
      tokenDelivery: 'body',
    });
    const { caller } = callerFor(services, { ip: '203.0.113.50' });

    expect(await caller.auth.requestPasswordReset({ email: email.toUpperCase() })).toEqual({
      ok: true,
    });
    const mail = await resetMailTo(email);
    expect(mail.html).toContain('href="http://app.test/reset-password#token=');
    const token = tokenFrom(mail.text);

    expect(await caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
    });
    // Every session of the account is revoked.
    const { rows } = await sql<{ live: number }>`
      select count(*)::int as live from sessions s join users u on u.id = s.user_id
      where u.email = ${email} and s.revoked_at is null`.execute(database().db);
    expect(rows[0]?.live).toBe(0);
    await expect(
      callerFor(services).caller.auth.signIn({ email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      callerFor(services).caller.auth.signIn({
        email,
        password: NEW_PASSWORD,
        tokenDelivery: 'body',
      }),
    ).resolves.toBeDefined();
    const user = await database()
      .db.selectFrom('users')
      .select('email_verified_at')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeInstanceOf(Date);

    // Single use.
    await expect(
      caller.auth.resetPassword({ token, newPassword: `${NEW_PASSWORD}x` }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link is invalid or has expired.',
    });
    // The person is told.
    await smtp.waitForMails(
      1,
      (received) =>
        received.to.includes(email) && received.subject === 'Your Tasklane password was changed',
    );
  });

  it('a password change mails a notice and voids an outstanding reset link', async () => {
    const { email, caller } = await newAccount();
    await callerFor(services, { ip: '203.0.113.55' }).caller.auth.requestPasswordReset({ email });
    const token = tokenFrom((await resetMailTo(email)).text);
    expect(
      await caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    ).toEqual({ ok: true });
    await smtp.waitForMails(
      1,
      (received) =>
        received.to.includes(email) && received.subject === 'Your Tasklane password was changed',
    );
    await expect(
      caller.auth.resetPassword({ token, newPassword: `${NEW_PASSWORD} again` }),
    ).rejects.toMatchObject({ message: 'This link is invalid or has expired.' });
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const unknown = `nobody-${randomUUID()}@example.com`;
    const { caller } = callerFor(services, { ip: '203.0.113.51' });
    expect(await caller.auth.requestPasswordReset({ email: unknown })).toEqual({ ok: true });
    await waitForJobsSettled(database().db, PASSWORD_RESET_REQUEST_JOB);
    const rows = await database()
      .db.selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', unknown)
      .execute();
    expect(rows).toEqual([]);
  });

  it('does the same work while answering for a real and an unknown address: one job, no token yet', async () => {
    // No job runner here, and the suite's paused, so what the request itself wrote stays in view.
    const answering = await createTestServices(database().db);
    await services.jobs?.stop();
    try {
      const { email } = await newAccount();
      const unknown = `nobody-${randomUUID()}@example.com`;
      for (const address of [email, unknown]) {
        const { caller } = callerFor(answering, { ip: '203.0.113.53' });
        expect(await caller.auth.requestPasswordReset({ email: address })).toEqual({ ok: true });
      }
      const jobs = await database()
        .db.selectFrom('jobs')
        .select(['state', sql<string>`payload->>'email'`.as('email')])
        .where('kind', '=', PASSWORD_RESET_REQUEST_JOB)
        .where(sql<string>`payload->>'email'`, 'in', [email, unknown])
        .orderBy('created_at')
        .execute();
      expect(jobs).toEqual([
        { state: 'pending', email },
        { state: 'pending', email: unknown },
      ]);
      const tokens = await database()
        .db.selectFrom('account_tokens')
        .innerJoin('users', 'users.id', 'account_tokens.user_id')
        .select('account_tokens.kind')
        .where('users.email', '=', email)
        .where('account_tokens.kind', '=', 'password-reset')
        .execute();
      expect(tokens).toEqual([]);
    } finally {
      await answering.close();
      await services.jobs?.start();
    }
  });

  it('a runner that dies right after the request job committed never runs it again: one link, one mail', async () => {
    const { db } = database();
    const { email } = await newAccount();
    // A kind of its own, so the suite's runner leaves this job to the one below.
    const kind = `test.reset-request.${randomUUID()}`;
    const jobId = await enqueueJob(db, { kind, payload: { email, ip: '203.0.113.54' } });
    const handle = createPasswordResetRequestHandler(services);
    const runner = createJobRunner({
      db,
      handlers: {
        // The handler's work commits, then the runner "dies": it never gets to mark the job done.
        [kind]: async (job, context) => {
          await handle(job, context);
          throw new Error('the runner died after the commit');
        },
      },
      retryDelay: { baseMs: 0, maxMs: 0 },
    });
    expect(await runner.runOnce()).toBe(1);
    // Had the attempt counted as failed, the job would be due again at once.
    expect(await runner.runOnce()).toBe(0);

    const job = await jobRow(db, jobId ?? '');
    // Done, and no longer holding the typed address.
    expect(job).toMatchObject({ state: 'done', attempts: 1, payload: {} });
    const tokens = await db
      .selectFrom('account_tokens')
      .innerJoin('users', 'users.id', 'account_tokens.user_id')
      .select('account_tokens.used_at')
      .where('users.email', '=', email)
      .where('account_tokens.kind', '=', 'password-reset')
      .execute();
    expect(tokens).toEqual([{ used_at: null }]);
    const mails = await db
      .selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', email)
      .where('kind', '=', 'password-reset')
      .execute();
    expect(mails).toEqual([{ kind: 'password-reset' }]);
  });

  it('a weak new password is a field error and does not use up the link; a bad link gets one generic error', async () => {
    const { email } = await newAccount();
    const { caller } = callerFor(services, { ip: '203.0.113.52' });
    await caller.auth.requestPasswordReset({ email });
    const token = tokenFrom((await resetMailTo(email)).text);
    await expect(
      caller.auth.resetPassword({ token, newPassword: 'password123' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.auth.resetPassword({ token, newPassword: 'short' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      caller.auth.resetPassword({ token: 'x'.repeat(43), newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This link is invalid or has expired.',
    });
    expect(await caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
    });
  });

  it('a reset clears the sign-in limits of the email: the way out of a lockout', async () => {
    const { email } = await newAccount();
    const attacker = callerFor(services, { ip: '192.0.2.77' }).caller;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(
        attacker.auth.signIn({ email, password: 'not the password at all' }),
      ).rejects.toBeDefined();
    }
    const prefix = services.rateLimitKeys.signInFailuresOfAccountPrefix(email);
    const failureRows = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from rate_limits where starts_with(key, ${prefix}) or key = ${services.rateLimitKeys.signInFailuresAccount(email)}`.execute(
          database().db,
        )
      ).rows[0]?.n;
    expect(await failureRows()).toBeGreaterThan(0);
    const { caller } = callerFor(services, { ip: '203.0.113.53' });
    await caller.auth.requestPasswordReset({ email });
    await caller.auth.resetPassword({
      token: tokenFrom((await resetMailTo(email)).text),
      newPassword: NEW_PASSWORD,
    });
    expect(await failureRows()).toBe(0);
  });

  it('is limited per email (silently) and per client address (TOO_MANY_REQUESTS)', async () => {
    const { email } = await newAccount();
    const ip = '203.0.113.54';
    const { caller } = callerFor(services, { ip });
    for (let request = 0; request < 4; request += 1) {
      expect(await caller.auth.requestPasswordReset({ email })).toEqual({ ok: true });
    }
    await waitForJobsSettled(database().db, PASSWORD_RESET_REQUEST_JOB);
    const queued = await database()
      .db.selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', email)
      .where('kind', '=', 'password-reset')
      .execute();
    expect(queued).toHaveLength(3);
    for (let request = 4; request < 10; request += 1) {
      await caller.auth.requestPasswordReset({ email: `other-${request}@example.com` });
    }
    await expect(caller.auth.requestPasswordReset({ email })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});
