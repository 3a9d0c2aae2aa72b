// Checking an API key must not cost an argon2 run (issue 15): a key is a long random secret, found
// by the SHA-256 of it. argon2 is counted where it runs, in the library every password hash goes
// through, so a key path that reached it by any route (the password hasher, or argon2 directly)
// would be seen. The library itself still does the work: the counters only pass calls on.
import type * as Argon2 from '@node-rs/argon2';
import { afterEach, expect, it, vi } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { openedServices, type TestServicesOptions } from '../testing';
import { refusal, registeredUser, TEST_PASSWORD } from '../testing/auth-test-support';
import { callerFor } from '../testing/test-context';
import { createKey, keyCaller, movableClock } from './api-key-test-support';

const argon2Runs = vi.hoisted(() => ({ count: 0 }));

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      argon2Runs.count += 1;
      return real.hash(...args);
    },
    verify: (...args: Parameters<typeof real.verify>) => {
      argon2Runs.count += 1;
      return real.verify(...args);
    },
  };
});

describeEachDatabase('the cost of checking an API key', (database) => {
  const opened = openedServices(database);
  afterEach(() => opened.closeAll());

  function services(options: TestServicesOptions = {}): Promise<ApiServices> {
    return opened.open({ notifications: database(), ...options });
  }

  it('counts argon2 where a password is checked, so the count below is not blind', async () => {
    const api = await services();
    const before = argon2Runs.count;
    const user = await registeredUser(api);
    await callerFor(api, { ip: user.ip }).caller.auth.signIn({
      email: user.email,
      password: TEST_PASSWORD,
      tokenDelivery: 'body',
    });
    // One hash at sign-up, one verification at sign-in.
    expect(argon2Runs.count - before).toBe(2);
  });

  it('runs no argon2 for a key: first use, cached use, on another instance, unknown, revoked or expired', async () => {
    const time = movableClock();
    const a = await services({ clock: time.clock });
    const b = await services({ clock: time.clock });
    // A real account with a real password hash, so a key path that fell back to the owner's
    // password would have something to check.
    const owner = await registeredUser(a);
    const kept = await createKey(a, owner.session.accessToken, { expiresInDays: null });
    const revoked = await createKey(a, owner.session.accessToken);
    const expiring = await createKey(a, owner.session.accessToken, { expiresInDays: 1 });
    const before = argon2Runs.count;

    // Read from the database, then from the cache; on instance B, read from the database again.
    for (const api of [a, a, b, b]) {
      const { caller } = keyCaller(api, kept.secret);
      expect((await caller.auth.me()).email).toBe(owner.email);
      await caller.tasks.create({ title: 'Made with a key' });
      await caller.tasks.list({});
    }
    await keyCaller(a, revoked.secret).caller.tasks.list({});
    await keyCaller(a, expiring.secret).caller.tasks.list({});
    await keyCaller(a, owner.session.accessToken).caller.apiKeys.revoke({ id: revoked.apiKey.id });
    time.advance(24 * 3600);
    const refused = [
      `tlk_${'A'.repeat(43)}`,
      'tlk_short',
      revoked.secret,
      expiring.secret,
      // A secret one character off a real one.
      `${kept.secret.slice(0, -1)}${kept.secret.endsWith('A') ? 'B' : 'A'}`,
    ];
    for (const secret of refused) {
      for (const api of [a, b]) {
        expect((await refusal(keyCaller(api, secret).caller.tasks.list({}))).code).toBe(
          'UNAUTHORIZED',
        );
      }
    }
    await a.apiKeys.flushUses();
    await b.apiKeys.flushUses();

    expect(argon2Runs.count - before).toBe(0);
  });
});
