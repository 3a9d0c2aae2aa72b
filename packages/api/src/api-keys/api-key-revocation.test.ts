import { randomBytes } from 'node:crypto';

import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { openedServices, type TestServicesOptions } from '../testing';
import {
  refusal,
  registeredUser,
  signedInCaller,
  TEST_PASSWORD,
} from '../testing/auth-test-support';
import { createKey, keyCaller } from './api-key-test-support';

describeEachDatabase('API keys across instances', (database) => {
  // Instances of one deployment share the auth secret.
  const authSecret = randomBytes(32);
  const opened = openedServices(database);
  afterEach(() => opened.closeAll());

  /** One server instance: its own caches and subscription, on the shared database. */
  function instance(options: TestServicesOptions = {}): Promise<ApiServices> {
    return opened.open({
      authSecret,
      notifications: database(),
      sessionCache: { reconnectDelayMs: 50 },
      ...options,
    });
  }

  /** Makes `services` cache the key: the second use must not read it from the database. */
  async function warm(services: ApiServices, secret: string): Promise<void> {
    await keyCaller(services, secret).caller.tasks.list({});
    const before = services.apiKeys.stats();
    await keyCaller(services, secret).caller.tasks.list({});
    expect(services.sessions.stats().mode).toBe('cached');
    expect(services.apiKeys.stats().hits).toBe(before.hits + 1);
  }

  async function refusedOn(services: ApiServices, secret: string): Promise<string> {
    return (await refusal(keyCaller(services, secret).caller.tasks.list({}))).code;
  }

  it('a key revoked on one instance is refused by the other on the very next request', async () => {
    const a = await instance();
    const b = await instance();
    const user = await registeredUser(a);
    const { apiKey, secret } = await createKey(a, user.session.accessToken);
    await warm(b, secret);
    await signedInCaller(a, user.session.accessToken).caller.apiKeys.revoke({ id: apiKey.id });
    expect(await refusedOn(b, secret)).toBe('UNAUTHORIZED');
    expect(await refusedOn(a, secret)).toBe('UNAUTHORIZED');
  });

  it('a key revoked while no instance caches keys is refused too', async () => {
    const a = await instance({ sessionCache: false });
    const user = await registeredUser(a);
    const { apiKey, secret } = await createKey(a, user.session.accessToken);
    await keyCaller(a, secret).caller.tasks.list({});
    expect(a.apiKeys.stats().size).toBe(0);
    await signedInCaller(a, user.session.accessToken).caller.apiKeys.revoke({ id: apiKey.id });
    expect(await refusedOn(a, secret)).toBe('UNAUTHORIZED');
  });

  it('deleting the account on one instance deletes its keys, refused by the other at once', async () => {
    const a = await instance();
    const b = await instance();
    const user = await registeredUser(a);
    const { apiKey, secret } = await createKey(a, user.session.accessToken);
    await warm(b, secret);
    await signedInCaller(a, user.session.accessToken).caller.auth.deleteAccount({
      password: TEST_PASSWORD,
    });
    expect(await refusedOn(b, secret)).toBe('UNAUTHORIZED');
    const { count } = await a.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it('keys survive a password change, on every instance', async () => {
    const a = await instance();
    const b = await instance();
    const user = await registeredUser(a);
    const { secret } = await createKey(a, user.session.accessToken);
    await warm(b, secret);
    await signedInCaller(a, user.session.accessToken).caller.auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'a different long passphrase',
    });
    await keyCaller(b, secret).caller.tasks.list({});
    await keyCaller(a, secret).caller.tasks.list({});
  });

  it('the request limit holds across instances: never more than the limit in a window', async () => {
    // 120 a minute: each instance takes 6 units at a time.
    const rateLimits = { apiKeyRequests: { limit: 120, windowSeconds: 60 } };
    const a = await instance({ rateLimits });
    const b = await instance({ rateLimits });
    const user = await registeredUser(a);
    const { secret } = await createKey(a, user.session.accessToken);
    let allowed = 0;
    let refused = 0;
    for (let request = 0; request < 130; request += 1) {
      const { caller } = keyCaller(request % 2 === 0 ? a : b, secret);
      try {
        await caller.tasks.stats({});
        allowed += 1;
      } catch {
        refused += 1;
      }
    }
    expect({ allowed, refused }).toEqual({ allowed: 120, refused: 10 });
  });
});
