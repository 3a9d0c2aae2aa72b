import { createHash } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { fetchTestServer } from '../client/fetch-test-server';
import type { ApiServices } from '../context';
import { callerFor, createTestServices } from '../testing';
import { refusal, registeredUser, signedInCaller } from '../testing/auth-test-support';
import { startSmtpTestServer, type SmtpTestServer } from '../testing/smtp-test-server';

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp.stop();
});

const SUBJECT = 'Confirm your email address for Tasklane';
const INVALID = 'This link is invalid or has expired.';

function verificationToken(text: string): string {
  const match = /http:\/\/app\.test\/verify-email#token=([A-Za-z0-9_-]{43})\n/.exec(text);
  if (match?.[1] === undefined) throw new Error('no verification link in the mail');
  return match[1];
}

describeEachDatabase('email verification', (database) => {
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

  async function verificationMails(email: string, count = 1) {
    return smtp.waitForMails(
      count,
      (received) => received.to.includes(email) && received.subject === SUBJECT,
    );
  }

  it('sign-up mails a one-time link; the unverified account works, and the link verifies it', async () => {
    const person = await registeredUser(services, { name: 'Vera Verify' });
    expect(person.session.user.emailVerified).toBe(false);
    const { caller } = signedInCaller(services, person.session.accessToken);
    // An unverified account works normally.
    expect(await caller.auth.me()).toMatchObject({ email: person.email, emailVerified: false });
    await caller.tasks.create({ title: 'Before verifying' });

    const [mail] = await verificationMails(person.email);
    expect(mail?.text).toContain('Hello Vera Verify,');
    expect(mail?.html).toContain('href="http://app.test/verify-email#token=');
    const token = verificationToken(mail?.text ?? '');
    // Stored only as its SHA-256 hash.
    const stored = await database()
      .db.selectFrom('account_tokens')
      .select(['token_hash', 'kind'])
      .where('user_id', '=', person.session.user.id)
      .execute();
    expect(
      stored.map((row) => ({ hash: Buffer.from(row.token_hash).toString('hex'), kind: row.kind })),
    ).toEqual([
      { hash: createHash('sha256').update(token).digest('hex'), kind: 'email-verification' },
    ]);

    const anyone = callerFor(services).caller;
    expect(await anyone.auth.verifyEmail({ token })).toEqual({ ok: true, email: person.email });
    expect(await caller.auth.me()).toMatchObject({ emailVerified: true });
    const signedIn = await callerFor(services).caller.auth.signIn({
      email: person.email,
      password: person.password,
      tokenDelivery: 'body',
    });
    expect(signedIn.user.emailVerified).toBe(true);

    // Single use.
    const again = await refusal(anyone.auth.verifyEmail({ token }));
    expect(again).toMatchObject({ code: 'BAD_REQUEST', message: INVALID });
    // Verified: asking again sends nothing.
    expect(await caller.auth.requestEmailVerification()).toEqual({ ok: true });
    const queued = await database()
      .db.selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', person.email)
      .where('kind', '=', 'email-verification')
      .execute();
    expect(queued).toHaveLength(1);
  });

  it('a resent link replaces the older one; an expired or made-up link gets the one generic error', async () => {
    const person = await registeredUser(services);
    const { caller } = signedInCaller(services, person.session.accessToken);
    const [first] = await verificationMails(person.email);
    expect(await caller.auth.requestEmailVerification()).toEqual({ ok: true });
    const mails = await verificationMails(person.email, 2);
    const firstToken = verificationToken(first?.text ?? '');
    const secondToken = verificationToken(mails[1]?.text ?? '');
    expect(secondToken).not.toBe(firstToken);

    const anyone = callerFor(services).caller;
    for (const token of [firstToken, 'A'.repeat(43), 'not a token']) {
      const refused = await refusal(anyone.auth.verifyEmail({ token }));
      expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: INVALID });
    }
    await database()
      .db.updateTable('account_tokens')
      .set({ created_at: sql<Date>`now() - interval '25 hours'` })
      .where('user_id', '=', person.session.user.id)
      .execute();
    await database()
      .db.updateTable('account_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 hour'` })
      .where('user_id', '=', person.session.user.id)
      .execute();
    const expired = await refusal(anyone.auth.verifyEmail({ token: secondToken }));
    expect(expired).toMatchObject({ code: 'BAD_REQUEST', message: INVALID });
    expect(await caller.auth.me()).toMatchObject({ emailVerified: false });
  });

  it('resending is limited per user: TOO_MANY_REQUESTS with the time to wait', async () => {
    const person = await registeredUser(services);
    const { caller, response } = signedInCaller(services, person.session.accessToken);
    for (let request = 0; request < 3; request += 1) {
      expect(await caller.auth.requestEmailVerification()).toEqual({ ok: true });
    }
    const refused = await refusal(caller.auth.requestEmailVerification());
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(
      /^We have sent several verification emails already\. Please try again in \d+ minutes\.$/,
    );
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3000);
    // The sign-up mail and three resends; the refused request queued nothing.
    const queued = await database()
      .db.selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', person.email)
      .where('kind', '=', 'email-verification')
      .execute();
    expect(queued).toHaveLength(4);
  });

  it('over HTTP, every bad link reads as the one generic message', async () => {
    const server = fetchTestServer(services);
    const inputs: Record<string, object> = {
      'auth.verifyEmail': { token: 'A'.repeat(43) },
      'auth.confirmEmailChange': { token: 'A'.repeat(43) },
      'auth.resetPassword': { token: 'A'.repeat(43), newPassword: 'a long unusual passphrase 9' },
    };
    for (const [path, input] of Object.entries(inputs)) {
      const response = await server.fetch(`http://tasklane.test/api/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: input }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { json: { message: string } } };
      expect(body.error.json.message).toBe(INVALID);
    }
  });

  it('needs a signed-in caller to resend', async () => {
    const refused = await refusal(callerFor(services).caller.auth.requestEmailVerification());
    expect(refused.code).toBe('UNAUTHORIZED');
  });
});
