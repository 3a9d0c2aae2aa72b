import { createHash } from 'node:crypto';

import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { MAX_API_KEYS_PER_USER } from '../contract/api-key-rules';
import type { ApiServices } from '../context';
import { openedServices, signedInTestUser } from '../testing';
import { failedFields, refusal } from '../testing/auth-test-support';
import { createKey, keyCaller, movableClock } from './api-key-test-support';

describeEachDatabase('apiKeys.create, list and revoke', (database) => {
  const opened = openedServices(database);
  afterEach(() => opened.closeAll());

  function services(clock?: () => Date): Promise<ApiServices> {
    return opened.open(clock === undefined ? {} : { clock });
  }

  it('answers the secret once: tlk_ and 32 random bytes in base64url, shown by its first characters', async () => {
    const time = movableClock();
    const api = await services(time.clock);
    const alice = await signedInTestUser(api);
    const { apiKey, secret } = await createKey(api, alice.accessToken, {
      name: '  CI runner  ',
      scopes: ['tasks:read'],
      expiresInDays: 30,
    });
    expect(secret).toMatch(/^tlk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
    expect(apiKey).toEqual({
      id: apiKey.id,
      name: 'CI runner',
      scopes: ['tasks:read'],
      prefix: secret.slice(0, 12),
      createdAt: time.clock(),
      lastUsedAt: null,
      expiresAt: new Date(time.clock().getTime() + 30 * 24 * 3600 * 1000),
    });
    // Listed without the secret, and never answered again.
    const listed = await alice.caller.apiKeys.list();
    expect(listed).toEqual([apiKey]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('stores only the SHA-256 hash of the secret', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const { apiKey, secret } = await createKey(api, alice.accessToken);
    const row = await api.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.key_hash)).toEqual(createHash('sha256').update(secret).digest());
    const stored = Object.values(row).map((value) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('base64url') : String(value),
    );
    for (const value of stored) expect(value).not.toContain(secret.slice(12));
  });

  it('makes a key that never expires with expiresInDays null', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const { apiKey } = await createKey(api, alice.accessToken, { expiresInDays: null });
    expect(apiKey.expiresAt).toBeNull();
  });

  it('refuses bad input with field errors and creates nothing', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const base = { name: 'Key', scopes: ['tasks:read' as const], expiresInDays: 30 };
    const cases: [unknown, string][] = [
      [{ ...base, name: '' }, 'name'],
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, name: 'x'.repeat(101) }, 'name'],
      [{ ...base, scopes: [] }, 'scopes'],
      [{ ...base, scopes: ['tasks:admin'] }, 'scopes.0'],
      [{ ...base, scopes: ['tasks:read', 'tasks:read'] }, 'scopes'],
      [{ ...base, expiresInDays: 0 }, 'expiresInDays'],
      [{ ...base, expiresInDays: 366 }, 'expiresInDays'],
      [{ ...base, expiresInDays: 1.5 }, 'expiresInDays'],
      [{ name: 'Key', scopes: ['tasks:read'] }, 'expiresInDays'],
    ];
    for (const [input, field] of cases) {
      // @ts-expect-error -- deliberately invalid input
      const error = await refusal(alice.caller.apiKeys.create(input));
      expect(error.code).toBe('BAD_REQUEST');
      expect(failedFields(error)).toContain(field);
    }
    expect(await alice.caller.apiKeys.list()).toEqual([]);
    // 100 characters and 365 days are allowed.
    await alice.caller.apiKeys.create({ ...base, name: 'x'.repeat(100), expiresInDays: 365 });
  });

  it(`allows at most ${MAX_API_KEYS_PER_USER} keys per person; revoking one makes room`, async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const keys = [];
    for (let index = 0; index < MAX_API_KEYS_PER_USER; index += 1) {
      keys.push(await createKey(api, alice.accessToken, { name: `Key ${index}` }));
    }
    const error = await refusal(createKey(api, alice.accessToken));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      `You have reached the limit of ${MAX_API_KEYS_PER_USER} API keys. Revoke one to create another.`,
    );
    expect(await alice.caller.apiKeys.list()).toHaveLength(MAX_API_KEYS_PER_USER);
    // Another person is not affected.
    const bob = await signedInTestUser(api);
    await createKey(api, bob.accessToken);
    const first = keys[0];
    if (first === undefined) throw new Error('no key');
    await alice.caller.apiKeys.revoke({ id: first.apiKey.id });
    await createKey(api, alice.accessToken);
  });

  it('lists only the caller’s keys, newest first', async () => {
    const time = movableClock();
    const api = await services(time.clock);
    const alice = await signedInTestUser(api);
    const bob = await signedInTestUser(api);
    const older = await createKey(api, alice.accessToken, { name: 'Older' });
    time.advance(1);
    const newer = await createKey(api, alice.accessToken, { name: 'Newer' });
    await createKey(api, bob.accessToken, { name: 'Bob’s' });
    expect((await alice.caller.apiKeys.list()).map((key) => key.id)).toEqual([
      newer.apiKey.id,
      older.apiKey.id,
    ]);
  });

  it('revokes a key for good; repeating it, or naming another person’s key, answers the same and changes nothing', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const bob = await signedInTestUser(api);
    const alices = await createKey(api, alice.accessToken);
    const bobs = await createKey(api, bob.accessToken);
    expect(await alice.caller.apiKeys.revoke({ id: alices.apiKey.id })).toEqual({ ok: true });
    expect(await alice.caller.apiKeys.revoke({ id: alices.apiKey.id })).toEqual({ ok: true });
    expect(await alice.caller.apiKeys.revoke({ id: bobs.apiKey.id })).toEqual({ ok: true });
    expect(await alice.caller.apiKeys.list()).toEqual([]);
    expect((await bob.caller.apiKeys.list()).map((key) => key.id)).toEqual([bobs.apiKey.id]);
    expect((await refusal(keyCaller(api, alices.secret).caller.tasks.list({}))).code).toBe(
      'UNAUTHORIZED',
    );
    await keyCaller(api, bobs.secret).caller.tasks.list({});
    const bad = await refusal(alice.caller.apiKeys.revoke({ id: 'not-a-uuid' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(failedFields(bad)).toEqual(['id']);
  });
});
