import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { callerFor, createTestServices } from '../testing';
import {
  failedFields,
  randomIp,
  refusal,
  registeredUser,
  signedInCaller,
  TEST_PASSWORD,
} from '../testing/auth-test-support';
import { startSmtpTestServer, type SmtpTestServer } from '../testing/smtp-test-server';

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp.stop();
});

const LINK_SUBJECT = 'Confirm your new email address for Tasklane';
const REQUESTED_SUBJECT = 'Your Tasklane email address is about to change';
const CHANGED_SUBJECT = 'Your Tasklane email address was changed';
const IN_USE_SUBJECT = 'Someone tried to use this address for Tasklane';
const INVALID = 'This link is invalid or has expired.';

function newAddress(): string {
  return `moved-${randomUUID()}@example.com`;
}

function changeToken(text: string): string {
  const match = /http:\/\/app\.test\/confirm-email#token=([A-Za-z0-9_-]{43})\n/.exec(text);
  if (match?.[1] === undefined) throw new Error('no confirmation link in the mail');
  return match[1];
}

describeEachDatabase('email change', (database) => {
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

  async function mailTo(address: string, subject: string) {
    const [mail] = await smtp.waitForMails(
      1,
      (received) => received.to.includes(address) && received.subject === subject,
    );
    if (mail === undefined) throw new Error('no mail');
    return mail;
  }

  async function mailKinds(address: string): Promise<string[]> {
    const rows = await database()
      .db.selectFrom('mail_outbox')
      .select('kind')
      .where('to_address', '=', address)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => row.kind);
  }

  it('mails a link to the new address and a notice to the old; confirming switches the email, verified, keeping only the confirming session', async () => {
    const person = await registeredUser(services, { name: 'Max Mover' });
    const { caller } = signedInCaller(services, person.session.accessToken, { ip: person.ip });
    const other = await callerFor(services).caller.auth.signIn({
      email: person.email,
      password: person.password,
      tokenDelivery: 'body',
    });
    const newEmail = newAddress();

    expect(await caller.auth.requestEmailChange({ newEmail, password: person.password })).toEqual({
      ok: true,
    });
    const notice = await mailTo(person.email, REQUESTED_SUBJECT);
    expect(notice.text).toContain(newEmail);
    const link = await mailTo(newEmail, LINK_SUBJECT);
    expect(link.html).toContain('href="http://app.test/confirm-email#token=');
    // Nothing changes before the link is followed.
    expect(await caller.auth.me()).toMatchObject({ email: person.email });

    expect(await caller.auth.confirmEmailChange({ token: changeToken(link.text) })).toEqual({
      ok: true,
      email: newEmail,
    });
    expect(await caller.auth.me()).toMatchObject({ email: newEmail, emailVerified: true });
    // The other session is signed out at once; the confirming one stays.
    const otherMe = signedInCaller(services, other.accessToken).caller.auth.me();
    expect((await refusal(otherMe)).code).toBe('UNAUTHORIZED');
    expect(await caller.auth.sessions()).toHaveLength(1);

    const changed = await mailTo(person.email, CHANGED_SUBJECT);
    expect(changed.text).toContain(newEmail);
    // Signing in takes the new address, whatever its case, and no longer the old one.
    const anyone = callerFor(services, { ip: randomIp() }).caller;
    await expect(
      anyone.auth.signIn({ email: newEmail.toUpperCase(), password: person.password }),
    ).resolves.toBeDefined();
    const old = await refusal(
      anyone.auth.signIn({ email: person.email, password: person.password }),
    );
    expect(old.code).toBe('UNAUTHORIZED');

    const used = await refusal(caller.auth.confirmEmailChange({ token: changeToken(link.text) }));
    expect(used).toMatchObject({ code: 'BAD_REQUEST', message: INVALID });
  });

  it('a link followed where nobody is signed in revokes every session of the account', async () => {
    const person = await registeredUser(services);
    const { caller } = signedInCaller(services, person.session.accessToken);
    const newEmail = newAddress();
    await caller.auth.requestEmailChange({ newEmail, password: person.password });
    const token = changeToken((await mailTo(newEmail, LINK_SUBJECT)).text);
    const confirmed = await callerFor(services).caller.auth.confirmEmailChange({ token });
    expect(confirmed).toEqual({ ok: true, email: newEmail });
    expect((await refusal(caller.auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('an address that has an account gets a warning instead of a link, and the answer is the same', async () => {
    const person = await registeredUser(services);
    const owner = await registeredUser(services);
    const { caller } = signedInCaller(services, person.session.accessToken);
    const asked = owner.email.toUpperCase();
    expect(
      await caller.auth.requestEmailChange({ newEmail: asked, password: person.password }),
    ).toEqual({ ok: true });
    const warning = await mailTo(owner.email, IN_USE_SUBJECT);
    expect(warning.text).not.toContain(person.email);
    await mailTo(person.email, REQUESTED_SUBJECT);
    expect(await mailKinds(owner.email)).toEqual(['email-verification', 'email-in-use']);
    const tokens = await database()
      .db.selectFrom('account_tokens')
      .select('kind')
      .where('user_id', '=', person.session.user.id)
      .where('kind', '=', 'email-change')
      .execute();
    expect(tokens).toEqual([]);
  });

  it('an address taken between the request and the link is a CONFLICT, and nothing changes', async () => {
    const person = await registeredUser(services);
    const { caller } = signedInCaller(services, person.session.accessToken);
    const newEmail = newAddress();
    await caller.auth.requestEmailChange({ newEmail, password: person.password });
    const token = changeToken((await mailTo(newEmail, LINK_SUBJECT)).text);
    await registeredUser(services, { email: newEmail.toUpperCase() });

    const refused = await refusal(caller.auth.confirmEmailChange({ token }));
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: 'Another account uses this email address now, so yours was not changed.',
    });
    expect(await caller.auth.me()).toMatchObject({ email: person.email });
    expect(await caller.auth.sessions()).toHaveLength(1);
  });

  it('refuses the current address, a wrong password and a made-up link as it should', async () => {
    const person = await registeredUser(services);
    const { caller } = signedInCaller(services, person.session.accessToken);
    const same = await refusal(
      caller.auth.requestEmailChange({
        newEmail: person.email.toUpperCase(),
        password: person.password,
      }),
    );
    expect(same.message).toBe('This is already your email address.');
    expect(failedFields(same)).toEqual(['newEmail']);
    const wrong = await refusal(
      caller.auth.requestEmailChange({ newEmail: newAddress(), password: 'not my password' }),
    );
    expect(wrong.message).toBe('Your current password is incorrect.');
    expect(failedFields(wrong)).toEqual(['password']);
    const invalid = await refusal(
      callerFor(services).caller.auth.confirmEmailChange({ token: 'B'.repeat(43) }),
    );
    expect(invalid).toMatchObject({ code: 'BAD_REQUEST', message: INVALID });
    expect(await mailKinds(person.email)).toEqual(['email-verification']);
  });

  it('wrong passwords count as failed sign-ins of the email from that address', async () => {
    const ip = randomIp();
    const person = await registeredUser(services, { password: TEST_PASSWORD });
    const { caller } = signedInCaller(services, person.session.accessToken, { ip });
    const newEmail = newAddress();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const refused = await refusal(
        caller.auth.requestEmailChange({ newEmail, password: `wrong ${attempt}` }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
    }
    const limited = await refusal(
      caller.auth.requestEmailChange({ newEmail, password: TEST_PASSWORD }),
    );
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    // Sign-in from that address is locked for the email, even with the right password.
    const signIn = await refusal(
      callerFor(services, { ip }).caller.auth.signIn({
        email: person.email,
        password: TEST_PASSWORD,
      }),
    );
    expect(signIn.code).toBe('TOO_MANY_REQUESTS');
    expect(await mailKinds(newEmail)).toEqual([]);
  });

  it('is limited per user: TOO_MANY_REQUESTS after 5 requests an hour', async () => {
    const person = await registeredUser(services);
    const { caller } = signedInCaller(services, person.session.accessToken);
    for (let request = 0; request < 5; request += 1) {
      await caller.auth.requestEmailChange({ newEmail: newAddress(), password: person.password });
    }
    const refused = await refusal(
      caller.auth.requestEmailChange({ newEmail: newAddress(), password: person.password }),
    );
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/^Too many email change requests\. Please try again in/);
  });
});
