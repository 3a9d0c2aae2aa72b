import { hash } from '@node-rs/argon2';
import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { callerFor, createTestServices } from '../testing';
import { INVALID_CREDENTIALS_MESSAGE } from './session-errors';
import {
  randomIp,
  recordingLogger,
  refusal,
  registeredUser,
  TEST_PASSWORD,
} from '../testing/auth-test-support';

describeEachDatabase('auth.signIn', (database) => {
  it('signs in case-insensitively, with a new session each time', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const { caller } = callerFor(services, { ip: randomIp() });
    const first = await caller.auth.signIn({
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    const second = await caller.auth.signIn({ email: ` ${user.email} `, password: TEST_PASSWORD });
    expect(first.user).toEqual(user.session.user);
    expect(second.user).toEqual(user.session.user);

    const claims = await Promise.all(
      [user.session, first, second].map((session) => services.tokens.verify(session.accessToken)),
    );
    const sessionIds = new Set(claims.map((claim) => claim?.sessionId));
    expect(sessionIds.size).toBe(3);
    const rows = await services.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.session.user.id)
      .execute();
    expect(rows).toHaveLength(3);
  });

  it('answers an unknown email and a wrong password with the same UNAUTHORIZED error', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const { caller } = callerFor(services, { ip: randomIp() });
    const wrongPassword = await refusal(
      caller.auth.signIn({ email: user.email, password: `${TEST_PASSWORD}!` }),
    );
    const unknownEmail = await refusal(
      caller.auth.signIn({ email: `nobody-${user.email}`, password: TEST_PASSWORD }),
    );
    for (const error of [wrongPassword, unknownEmail]) {
      expect([error.code, error.message]).toEqual(['UNAUTHORIZED', INVALID_CREDENTIALS_MESSAGE]);
    }
  });

  it('uses the password exactly as typed: no trimming, no case folding, any Unicode', async () => {
    const services = await createTestServices(database().db);
    const password = '  Ünïcödé пароль 🔑  ';
    const user = await registeredUser(services, { password });
    const { caller } = callerFor(services, { ip: randomIp() });
    for (const variant of [password.trim(), password.toLowerCase(), password.normalize('NFD')]) {
      expect(
        (await refusal(caller.auth.signIn({ email: user.email, password: variant }))).code,
      ).toBe('UNAUTHORIZED');
    }
    expect((await caller.auth.signIn({ email: user.email, password })).user.email).toBe(user.email);
  });

  it('upgrades a hash made with older parameters on the next successful sign-in', async () => {
    const services = await createTestServices(database().db);
    const user = await registeredUser(services);
    const old = await hash(TEST_PASSWORD, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await services.db
      .updateTable('users')
      .set({ password_hash: old })
      .where('id', '=', user.session.user.id)
      .execute();
    const { caller } = callerFor(services, { ip: randomIp() });
    await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    const stored = await services.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.session.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
  });

  it('locks an email for the address its failures came from, even for the right password', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { signInFailuresPerAccountAndAddress: { limit: 3, windowSeconds: 900 } },
      },
    );
    const user = await registeredUser(services);
    const attacker = randomIp();
    const signIn = (ip: string, password: string) => {
      const { caller, response } = callerFor(services, { ip });
      return { call: caller.auth.signIn({ email: user.email, password }), response };
    };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await refusal(signIn(attacker, 'wrong password').call)).code).toBe('UNAUTHORIZED');
    }
    const locked = signIn(attacker, TEST_PASSWORD);
    const error = await refusal(locked.call);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(locked.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect((error as unknown as { details: unknown }).details).toEqual({
      retryAfterSeconds: retryAfter,
    });

    // The person, from anywhere else, is not locked out.
    expect((await signIn(randomIp(), TEST_PASSWORD).call).user.id).toBe(user.session.user.id);

    // The lock ends with its window: nobody can lock an account for long.
    await services.db
      .updateTable('rate_limits')
      .set({ window_start: sql<Date>`now() - interval '901 seconds'` })
      .where('key', '=', services.rateLimitKeys.signInFailuresAccountAddress(user.email, attacker))
      .execute();
    expect((await signIn(attacker, TEST_PASSWORD).call).user.id).toBe(user.session.user.id);
  });

  it('caps failures per email from all addresses together', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { signInFailuresPerAccount: { limit: 4, windowSeconds: 3600 } },
      },
    );
    const user = await registeredUser(services);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const { caller } = callerFor(services, { ip: randomIp() });
      await refusal(
        caller.auth.signIn({ email: user.email.toUpperCase(), password: 'wrong one!' }),
      );
    }
    const { caller } = callerFor(services, { ip: randomIp() });
    const error = await refusal(caller.auth.signIn({ email: user.email, password: TEST_PASSWORD }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('counts failures for unknown emails too, so a lock does not reveal who is registered', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { signInFailuresPerAccountAndAddress: { limit: 2, windowSeconds: 900 } },
      },
    );
    const { caller } = callerFor(services, { ip: randomIp() });
    const email = `ghost-${crypto.randomUUID()}@example.com`;
    const codes = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      codes.push((await refusal(caller.auth.signIn({ email, password: 'whatever1' }))).code);
    }
    expect(codes).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);
  });

  it('limits sign-in attempts per client address, whatever the email', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { signInPerAddress: { limit: 3, windowSeconds: 60 } },
      },
    );
    const ip = randomIp();
    const codes = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const { caller } = callerFor(services, { ip });
      const email = `spray-${attempt}-${crypto.randomUUID()}@example.com`;
      codes.push((await refusal(caller.auth.signIn({ email, password: 'guess number 1' }))).code);
    }
    expect(codes).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);
  });

  it('resets the per-address failure count after a successful sign-in', async () => {
    const services = await createTestServices(
      database().db,
      {},
      {
        rateLimits: { signInFailuresPerAccountAndAddress: { limit: 3, windowSeconds: 900 } },
      },
    );
    const user = await registeredUser(services);
    const { caller } = callerFor(services, { ip: randomIp() });
    const fail = () => refusal(caller.auth.signIn({ email: user.email, password: 'typo typo' }));
    await fail();
    await fail();
    await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    await fail();
    await fail();
    expect((await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD })).user.id).toBe(
      user.session.user.id,
    );
  });

  it('sheds sign-ins before any database work while the hashing queue is full', async () => {
    const { logger, warnings } = recordingLogger();
    const services = await createTestServices(
      database().db,
      {},
      { hashing: { limits: { concurrency: 1, maxQueue: 0 } }, logger },
    );
    const user = await registeredUser(services);
    const occupied = services.passwords.hash('holds the only hashing slot');
    expect(services.passwords.full()).toBe(true);

    const ip = randomIp();
    const attempts = Array.from({ length: 5 }, () => {
      const { caller, response } = callerFor(services, { ip });
      return {
        call: caller.auth.signIn({ email: user.email, password: TEST_PASSWORD }),
        response,
      };
    });
    for (const attempt of attempts) {
      expect((await refusal(attempt.call)).code).toBe('TOO_MANY_REQUESTS');
      expect(attempt.response.headers.get('retry-after')).toBe('1');
    }
    // Refused before the per-address counter: the attempts never reached the database.
    const counters = await services.db
      .selectFrom('rate_limits')
      .select('key')
      .where('key', '=', services.rateLimitKeys.signInAddress(ip))
      .execute();
    expect(counters).toEqual([]);
    // Logged without the email or the password; a burst is one line with its count later.
    expect(warnings[0]).toEqual({
      event: 'auth.rate_limited',
      limit: 'password_work',
      ip,
      count: 1,
    });
    expect(JSON.stringify(warnings)).not.toContain(user.email);
    expect(JSON.stringify(warnings)).not.toContain(TEST_PASSWORD);

    await occupied;
    const { caller } = callerFor(services, { ip });
    const session = await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    expect(session.user.id).toBe(user.session.user.id);
  });
});
