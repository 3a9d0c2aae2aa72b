import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { callerFor, createTestServices } from '../testing';
import { failedFields, randomIp, refusal, TEST_PASSWORD } from '../testing/auth-test-support';
import { REFRESH_COOKIE_NAME, SECURE_REFRESH_COOKIE_NAME } from '../sessions/refresh-cookie';
import { EMAIL_TAKEN_MESSAGE } from './account-errors';
import {
  COMMON_PASSWORD_MESSAGE,
  PERSONAL_PASSWORD_MESSAGE,
  WEAK_PASSWORD_MESSAGE,
} from './password-strength';

describeEachDatabase('auth.signUp', (database) => {
  it('creates the user with a trimmed email and name, an argon2id hash, and a first session', async () => {
    const services = await createTestServices(database().db);
    const { caller, response } = callerFor(services, { ip: randomIp(), userAgent: 'Firefox' });
    const email = `  Ada.${randomUUID()}@Example.com `;
    const session = await caller.auth.signUp({ email, password: TEST_PASSWORD, name: ' Ada ' });

    expect(session.user).toEqual({
      id: expect.any(String) as string,
      email: email.trim(),
      name: 'Ada',
      emailVerified: false,
      timeZone: 'UTC',
      emailReminders: false,
      createdAt: expect.any(Date) as Date,
    });
    expect(session.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now());
    // Browsers (the default) get the refresh token only as an HttpOnly cookie.
    expect(session.refreshToken).toBeUndefined();
    const cookie = response.cookies.get(REFRESH_COOKIE_NAME);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.options).toEqual({
      httpOnly: true,
      secure: false,
      sameSite: 'strict',
      path: '/',
      maxAge: expect.any(Number) as number,
    });
    expect(cookie?.options.maxAge).toBeGreaterThan(services.auth.refreshTokenTtlSeconds - 60);

    const stored = await services.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', session.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.password_hash).not.toContain(TEST_PASSWORD);
    const sessions = await services.db
      .selectFrom('sessions')
      .select(['user_agent'])
      .where('user_id', '=', session.user.id)
      .execute();
    expect(sessions).toEqual([{ user_agent: 'Firefox' }]);

    const { caller: me } = callerFor(services, { authorization: `Bearer ${session.accessToken}` });
    expect(await me.auth.me()).toEqual(session.user);
  });

  it('returns the refresh token in the body for tokenDelivery "body", and stores only its hash', async () => {
    const services = await createTestServices(database().db);
    const { caller, response } = callerFor(services, { ip: randomIp() });
    const session = await caller.auth.signUp({
      email: `cli-${randomUUID()}@example.com`,
      password: TEST_PASSWORD,
      name: 'CLI',
      tokenDelivery: 'body',
    });
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.cookies.size).toBe(0);
    const stored = await services.db
      .selectFrom('refresh_tokens')
      .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
      .select(sql<string>`encode(token_hash, 'hex')`.as('hash'))
      .where('sessions.user_id', '=', session.user.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.hash).toHaveLength(64);
    expect(JSON.stringify(stored)).not.toContain(session.refreshToken);
  });

  it('uses the __Host- cookie, Secure, over HTTPS and in production', async () => {
    const services = await createTestServices(database().db);
    const https = callerFor(services, { ip: randomIp(), secure: true });
    await https.caller.auth.signUp({
      email: `https-${randomUUID()}@example.com`,
      password: TEST_PASSWORD,
      name: 'Secure',
    });
    expect([...https.response.cookies.keys()]).toEqual([SECURE_REFRESH_COOKIE_NAME]);
    expect(https.response.cookies.get(SECURE_REFRESH_COOKIE_NAME)?.options.secure).toBe(true);

    const production = await createTestServices(database().db, { production: true });
    const plain = callerFor(production, { ip: randomIp(), secure: false });
    await plain.caller.auth.signUp({
      email: `prod-${randomUUID()}@example.com`,
      password: TEST_PASSWORD,
      name: 'Production',
    });
    expect([...plain.response.cookies.keys()]).toEqual([SECURE_REFRESH_COOKIE_NAME]);
  });

  it('refuses very weak passwords and ones made of the email or name, with a field error (16.7)', async () => {
    const services = await createTestServices(database().db);
    const { caller } = callerFor(services, { ip: randomIp() });
    const email = `grace.${randomUUID().slice(0, 8)}@example.com`;
    const name = 'Grace Hopper';
    const refused: [string, string][] = [
      ['aaaaaaaa', WEAK_PASSWORD_MESSAGE],
      [' '.repeat(8), WEAK_PASSWORD_MESSAGE],
      [email, PERSONAL_PASSWORD_MESSAGE],
      [`${email.split('@')[0] ?? ''} 2026`, PERSONAL_PASSWORD_MESSAGE],
      ['i am grace hopper!', PERSONAL_PASSWORD_MESSAGE],
    ];
    for (const [password, message] of refused) {
      const error = await refusal(caller.auth.signUp({ email, password, name }));
      expect([password, error.code, failedFields(error), error.message]).toEqual([
        password,
        'BAD_REQUEST',
        ['password'],
        message,
      ]);
    }
    const stored = await services.db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email)
      .execute();
    expect(stored).toEqual([]);
    // No composition rules: plain lower-case words are fine when they are hard to guess.
    const session = await caller.auth.signUp({ email, password: 'analytical engine 1843', name });
    expect(session.user.email).toBe(email);
  });

  it('gives each bad input its own typed error and stores nothing', async () => {
    const services = await createTestServices(database().db);
    const { caller } = callerFor(services, { ip: randomIp() });
    const email = `bad-${randomUUID()}@example.com`;
    const good = { email, password: TEST_PASSWORD, name: 'Valid' };

    const missing = await refusal(caller.auth.signUp({ email, password: TEST_PASSWORD } as never));
    expect([missing.code, failedFields(missing)]).toEqual(['BAD_REQUEST', ['name']]);

    const badEmail = await refusal(caller.auth.signUp({ ...good, email: 'not-an-email' }));
    expect([badEmail.code, failedFields(badEmail)]).toEqual(['BAD_REQUEST', ['email']]);

    for (const password of ['short', 'x'.repeat(129)]) {
      const error = await refusal(caller.auth.signUp({ ...good, password }));
      expect([error.code, failedFields(error)]).toEqual(['BAD_REQUEST', ['password']]);
    }
    const weak = await refusal(caller.auth.signUp({ ...good, password: 'Password123' }));
    expect([weak.code, failedFields(weak), weak.message]).toEqual([
      'BAD_REQUEST',
      ['password'],
      COMMON_PASSWORD_MESSAGE,
    ]);

    const badName = await refusal(caller.auth.signUp({ ...good, name: '   ' }));
    expect([badName.code, failedFields(badName)]).toEqual(['BAD_REQUEST', ['name']]);

    // Names nobody can see (zero-width, bidi marks) or with half a character are refused too.
    for (const name of ['\u200B\u200D', '\u202E', ' \u2066\u2069 ', 'Ada\uD83D']) {
      const error = await refusal(caller.auth.signUp({ ...good, name }));
      expect([error.code, failedFields(error)]).toEqual(['BAD_REQUEST', ['name']]);
    }

    const stored = await services.db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email)
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses an email already registered in any case with CONFLICT', async () => {
    const services = await createTestServices(database().db);
    const { caller } = callerFor(services, { ip: randomIp() });
    const local = `taken-${randomUUID()}`;
    await caller.auth.signUp({
      email: `${local}@example.com`,
      password: TEST_PASSWORD,
      name: 'First',
    });
    const again = await refusal(
      caller.auth.signUp({
        email: ` ${local.toUpperCase()}@EXAMPLE.COM`,
        password: TEST_PASSWORD,
        name: 'Second',
      }),
    );
    expect([again.code, again.message]).toEqual(['CONFLICT', EMAIL_TAKEN_MESSAGE]);
  });

  it('makes exactly one user from 20 concurrent sign-ups with one email', async () => {
    // Twenty hashes may be queued at once here: widen the queue so every request gets an answer
    // about the email rather than some being shed as "busy".
    const services = await createTestServices(
      database().db,
      {},
      {
        hashing: { limits: { concurrency: 2, maxQueue: 20 } },
      },
    );
    const email = `race-${randomUUID()}@example.com`;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        callerFor(services, { ip: randomIp() }).caller.auth.signUp({
          email: index % 2 === 0 ? email : email.toUpperCase(),
          password: TEST_PASSWORD,
          name: `Racer ${index}`,
        }),
      ),
    );
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const codes = results.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as { code?: string }).code] : [],
    );
    expect(fulfilled).toHaveLength(1);
    expect(codes).toEqual(Array.from({ length: 19 }, () => 'CONFLICT'));
    const users = await services.db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email)
      .execute();
    expect(users).toHaveLength(1);
  });

  it('sheds sign-ups at once when password hashing is at capacity', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        hashing: { limits: { concurrency: 1, maxQueue: 0 } },
      },
    );
    const attempt = () => {
      const { caller, response } = callerFor(services, { ip: randomIp() });
      const call = caller.auth.signUp({
        email: `busy-${randomUUID()}@example.com`,
        password: TEST_PASSWORD,
        name: 'Busy',
      });
      return { call, response };
    };
    const attempts = Array.from({ length: 4 }, attempt);
    const results = await Promise.allSettled(attempts.map((entry) => entry.call));
    const shed = results.flatMap((result, index) =>
      result.status === 'rejected' ? [{ error: result.reason as { code?: string }, index }] : [],
    );
    expect(shed.length).toBeGreaterThan(0);
    for (const { error, index } of shed) {
      expect(error.code).toBe('TOO_MANY_REQUESTS');
      expect(attempts[index]?.response.headers.get('retry-after')).toBe('1');
    }
  });

  it('sheds sign-ups before any database work while the hashing queue is full', async () => {
    const services = await createTestServices(
      database().db,
      {},
      { hashing: { limits: { concurrency: 1, maxQueue: 0 } } },
    );
    const occupied = services.passwords.hash('holds the only hashing slot');
    const ip = randomIp();
    const email = `shed-${randomUUID()}@example.com`;
    const { caller, response } = callerFor(services, { ip });
    const error = await refusal(
      caller.auth.signUp({ email, password: TEST_PASSWORD, name: 'Shed' }),
    );
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(response.headers.get('retry-after')).toBe('1');
    const counters = await services.db
      .selectFrom('rate_limits')
      .select('key')
      .where('key', '=', services.rateLimitKeys.signUpAddress(ip))
      .execute();
    expect(counters).toEqual([]);

    await occupied;
    const session = await caller.auth.signUp({ email, password: TEST_PASSWORD, name: 'Shed' });
    expect(session.user.email).toBe(email);
  });

  it('limits sign-ups per client address', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { signUpPerAddress: { limit: 2, windowSeconds: 3600 } },
      },
    );
    const ip = randomIp();
    const signUp = (request = { ip }) => {
      const { caller, response } = callerFor(services, request);
      const call = caller.auth.signUp({
        email: `limited-${randomUUID()}@example.com`,
        password: TEST_PASSWORD,
        name: 'Limited',
      });
      return { call, response };
    };
    await signUp().call;
    await signUp().call;
    const third = signUp();
    const error = await refusal(third.call);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(third.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((error as unknown as { details: unknown }).details).toEqual({
      retryAfterSeconds: retryAfter,
    });
    // Another address is not affected.
    await signUp({ ip: randomIp() }).call;
  });
});
