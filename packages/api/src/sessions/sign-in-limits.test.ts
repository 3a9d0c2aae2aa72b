// Regression tests for the sign-in limit race (issue 16, finding 1): the failure counters were
// read before the password was verified and counted only afterwards, so concurrent guesses all
// passed the check, and the account-wide ceiling locked the owner out from their own address.
import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { callerFor, createTestServices } from '../testing';
import {
  randomIp,
  refusal,
  registeredUser,
  signedInCaller,
  TEST_PASSWORD,
} from '../testing/auth-test-support';

/** Services whose password verifier counts its calls (the real argon2 verification). */
async function countingServices(
  db: Parameters<typeof createTestServices>[0],
  rateLimits: Partial<ApiServices['rateLimits']> = {},
): Promise<{ services: ApiServices; verifications: () => number }> {
  const real = await createTestServices(
    db,
    {},
    {
      rateLimits,
      // Room for every concurrent request: what limits them here must be the failure counters.
      hashing: { limits: { concurrency: 2, maxQueue: 200 } },
    },
  );
  let calls = 0;
  const passwords = {
    ...real.passwords,
    verify: (hash: string, password: string) => {
      calls += 1;
      return real.passwords.verify(hash, password);
    },
    verifyNothing: (password: string) => {
      calls += 1;
      return real.passwords.verifyNothing(password);
    },
  };
  return { services: { ...real, passwords }, verifications: () => calls };
}

async function codesOf(calls: Promise<unknown>[]): Promise<string[]> {
  const codes = await Promise.all(calls.map(async (call) => (await refusal(call)).code));
  return codes.sort();
}

describeEachDatabase('sign-in limits under concurrency', (database) => {
  it('checks at most the limit’s worth of passwords for 20 concurrent guesses from one address', async () => {
    const { services, verifications } = await countingServices(database().db);
    const owner = await registeredUser(services);
    const attacker = randomIp();
    const before = verifications();
    const { caller } = callerFor(services, { ip: attacker });
    const codes = await codesOf(
      Array.from({ length: 20 }, (_, index) =>
        caller.auth.signIn({ email: owner.email, password: `wrong guess ${index}` }),
      ),
    );
    const limit = services.rateLimits.signInFailuresPerAccountAndAddress.limit;
    expect(verifications() - before).toBe(limit);
    expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(limit);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(20 - limit);
  });

  it('never locks the owner out from their own address, whatever guesses come from elsewhere', async () => {
    const ceiling = 8;
    const { services, verifications } = await countingServices(database().db, {
      signInFailuresPerAccount: { limit: ceiling, windowSeconds: 3600 },
    });
    const owner = await registeredUser(services);
    const before = verifications();
    const attackers = Array.from({ length: 5 }, () => randomIp());
    await codesOf(
      attackers.flatMap((ip) =>
        Array.from({ length: 10 }, (_, index) =>
          callerFor(services, { ip }).caller.auth.signIn({
            email: owner.email,
            password: `guess ${ip} ${index}`,
          }),
        ),
      ),
    );
    // 50 guesses from 5 addresses: the account-wide ceiling held under concurrency.
    expect(verifications() - before).toBeLessThanOrEqual(ceiling);

    // The owner signs in from the address they signed up from...
    const { caller } = callerFor(services, { ip: owner.ip });
    const session = await caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD });
    expect(session.user.email).toBe(owner.email);
    // ...and a place they have never signed in from waits out the ceiling (the trade-off).
    const elsewhere = callerFor(services, { ip: randomIp() }).caller;
    const locked = await refusal(
      elsewhere.auth.signIn({ email: owner.email, password: TEST_PASSWORD }),
    );
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
  });

  it('gives a successful sign-in’s reservation back to the account-wide ceiling', async () => {
    const { services } = await countingServices(database().db, {
      signInFailuresPerAccount: { limit: 2, windowSeconds: 3600 },
    });
    const owner = await registeredUser(services, { email: `owner-${randomUUID()}@example.com` });
    // Right passwords from new addresses never use up the ceiling.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const { caller } = callerFor(services, { ip: randomIp() });
      await caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD });
    }
  });

  it('checks at most the limit’s worth of current passwords for 10 concurrent wrong answers', async () => {
    const { services, verifications } = await countingServices(database().db);
    const owner = await registeredUser(services);
    const { caller } = signedInCaller(services, owner.session.accessToken);
    const before = verifications();
    const codes = await codesOf(
      Array.from({ length: 10 }, (_, index) =>
        caller.auth.changePassword({
          currentPassword: `not it ${index}`,
          newPassword: 'a brand new passphrase',
        }),
      ),
    );
    const limit = services.rateLimits.passwordConfirmFailuresPerUser.limit;
    expect(verifications() - before).toBe(limit);
    expect(codes.filter((code) => code === 'BAD_REQUEST')).toHaveLength(limit);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(10 - limit);
  });
});
