import { randomUUID } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { openStream, type OpenedStream } from '../events/event-test-support';
import { openedServices, signedInTestUser, type TestServicesOptions } from '../testing';
import { refusal, registeredUser, TEST_PASSWORD } from '../testing/auth-test-support';
import { API_KEY_NOT_VALID_MESSAGE } from './api-key-errors';
import { createKey, keyCaller, movableClock } from './api-key-test-support';

const DAY_SECONDS = 24 * 3600;

describeEachDatabase('using an API key', (database) => {
  const opened = openedServices(database);
  const streams: OpenedStream[] = [];
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    await opened.closeAll();
  });

  function services(options: TestServicesOptions = {}): Promise<ApiServices> {
    return opened.open({ notifications: database(), ...options });
  }

  async function codeOf(call: Promise<unknown>): Promise<string> {
    return (await refusal(call)).code;
  }

  it('acts as its owner: it reads and writes the owner’s tasks and no one else’s', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const bob = await signedInTestUser(api);
    const bobsTask = await bob.caller.tasks.create({ title: 'Bob’s' });
    const { secret } = await createKey(api, alice.accessToken);
    const { caller } = keyCaller(api, secret);
    const created = await caller.tasks.create({ title: 'Made with a key' });
    expect((await alice.caller.tasks.get({ id: created.id })).title).toBe('Made with a key');
    expect((await caller.tasks.list({})).items.map((task) => task.id)).toEqual([created.id]);
    expect(await codeOf(caller.tasks.get({ id: bobsTask.id }))).toBe('NOT_FOUND');
    expect((await caller.auth.me()).id).toBe(alice.userId);
  });

  it('is FORBIDDEN outside its scopes: tasks:read for queries and the live stream, tasks:write for mutations', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const task = await alice.caller.tasks.create({ title: 'Existing' });
    const reader = keyCaller(
      api,
      (await createKey(api, alice.accessToken, { scopes: ['tasks:read'] })).secret,
    ).caller;
    const writer = keyCaller(
      api,
      (await createKey(api, alice.accessToken, { scopes: ['tasks:write'] })).secret,
    ).caller;

    await reader.tasks.list({});
    await reader.tasks.get({ id: task.id });
    await reader.tasks.stats({});
    const readOnly = await refusal(reader.tasks.create({ title: 'No' }));
    expect(readOnly.code).toBe('FORBIDDEN');
    expect(readOnly.message).toBe('This API key does not have the tasks:write scope.');
    for (const call of [
      () => reader.tasks.update({ id: task.id, version: task.version, title: 'No' }),
      () => reader.tasks.setCompleted({ id: task.id, completed: true }),
      () => reader.tasks.delete({ id: task.id }),
      () => reader.tasks.clearCompleted(),
    ]) {
      expect(await codeOf(call())).toBe('FORBIDDEN');
    }

    await writer.tasks.setCompleted({ id: task.id, completed: true });
    const writeOnly = await refusal(writer.tasks.list({}));
    expect(writeOnly.message).toBe('This API key does not have the tasks:read scope.');
    for (const call of [
      () => writer.tasks.get({ id: task.id }),
      () => writer.tasks.stats({}),
      () => writer.tasks.changes(),
    ]) {
      expect(await codeOf(call())).toBe('FORBIDDEN');
    }
    expect((await alice.caller.tasks.get({ id: task.id })).completed).toBe(true);
  });

  it('never manages the account, its sessions or keys', async () => {
    const api = await services();
    const user = await registeredUser(api);
    const { secret } = await createKey(api, user.session.accessToken);
    const { caller } = keyCaller(api, secret);
    const calls: [string, () => Promise<unknown>][] = [
      ['auth.sessions', () => caller.auth.sessions()],
      ['auth.revokeSession', () => caller.auth.revokeSession({ sessionId: randomUUID() })],
      ['auth.signOut', () => caller.auth.signOut()],
      ['auth.signOutEverywhere', () => caller.auth.signOutEverywhere()],
      [
        'auth.changePassword',
        () =>
          caller.auth.changePassword({
            currentPassword: TEST_PASSWORD,
            newPassword: 'another long passphrase',
          }),
      ],
      [
        'auth.requestEmailChange',
        () =>
          caller.auth.requestEmailChange({
            newEmail: `new-${randomUUID()}@example.com`,
            password: TEST_PASSWORD,
          }),
      ],
      ['auth.requestEmailVerification', () => caller.auth.requestEmailVerification()],
      ['auth.deleteAccount', () => caller.auth.deleteAccount({ password: TEST_PASSWORD })],
      ['apiKeys.list', () => caller.apiKeys.list()],
      [
        'apiKeys.create',
        () => caller.apiKeys.create({ name: 'Child', scopes: ['tasks:read'], expiresInDays: null }),
      ],
      ['apiKeys.revoke', () => caller.apiKeys.revoke({ id: randomUUID() })],
    ];
    for (const [name, call] of calls) {
      expect([name, await codeOf(call())]).toEqual([name, 'FORBIDDEN']);
    }
    // Nothing happened: the account, its session and the key are all still there.
    const session = keyCaller(api, user.session.accessToken).caller;
    expect(await session.auth.sessions()).toHaveLength(1);
    expect(await session.apiKeys.list()).toHaveLength(1);
  });

  it('answers an unknown, revoked or expired key with the same UNAUTHORIZED', async () => {
    const time = movableClock();
    const api = await services({ clock: time.clock });
    const alice = await signedInTestUser(api);
    const revoked = await createKey(api, alice.accessToken);
    const expiring = await createKey(api, alice.accessToken, { expiresInDays: 1 });
    // Used once each, so a cached answer is what expiry and revocation must overcome.
    await keyCaller(api, revoked.secret).caller.tasks.list({});
    await keyCaller(api, expiring.secret).caller.tasks.list({});
    await alice.caller.apiKeys.revoke({ id: revoked.apiKey.id });
    time.advance(DAY_SECONDS - 1);
    await keyCaller(api, expiring.secret).caller.tasks.list({});
    time.advance(1);

    const unknown = `tlk_${'A'.repeat(43)}`;
    const malformed = 'tlk_short';
    const answers: TRPCError[] = [];
    for (const secret of [unknown, malformed, revoked.secret, expiring.secret]) {
      answers.push(await refusal(keyCaller(api, secret).caller.tasks.list({})));
    }
    for (const answer of answers) {
      expect({ code: answer.code, message: answer.message }).toEqual({
        code: 'UNAUTHORIZED',
        message: API_KEY_NOT_VALID_MESSAGE,
      });
    }
    // The expired key is still listed, to be recognised and revoked.
    expect((await alice.caller.apiKeys.list()).map((key) => key.id)).toEqual([expiring.apiKey.id]);
  });

  it('writes lastUsedAt at most once a minute per key', async () => {
    const time = movableClock();
    const api = await services({ clock: time.clock });
    const alice = await signedInTestUser(api);
    const { apiKey, secret } = await createKey(api, alice.accessToken);
    // Uses are written in the background within a second; the test writes them at once.
    const lastUsed = async () => {
      await api.apiKeys.flushUses();
      return (await alice.caller.apiKeys.list()).find((key) => key.id === apiKey.id)?.lastUsedAt;
    };
    const { caller } = keyCaller(api, secret);

    time.advance(5);
    const firstUse = time.clock();
    await caller.tasks.list({});
    expect(await lastUsed()).toEqual(firstUse);

    time.advance(59);
    await caller.tasks.list({});
    await caller.tasks.stats({});
    expect(await lastUsed()).toEqual(firstUse);

    time.advance(1);
    const minuteLater = time.clock();
    await caller.tasks.list({});
    expect(await lastUsed()).toEqual(minuteLater);
  });

  it('is refused past its request limit with TOO_MANY_REQUESTS and Retry-After; other keys are not', async () => {
    const api = await services({ rateLimits: { apiKeyRequests: { limit: 5, windowSeconds: 60 } } });
    const alice = await signedInTestUser(api);
    const busy = await createKey(api, alice.accessToken);
    const other = await createKey(api, alice.accessToken);
    for (let request = 0; request < 5; request += 1) {
      await keyCaller(api, busy.secret).caller.tasks.list({});
    }
    const { caller, response } = keyCaller(api, busy.secret);
    const error = await refusal(caller.tasks.list({}));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.message).toMatch(/^Too many requests with this API key\. Please try again in /);
    await keyCaller(api, other.secret).caller.tasks.list({});
    // The person's session is not limited by their key's use.
    await alice.caller.tasks.list({});
  });

  it('limits a key to 600 requests a minute by default', async () => {
    const api = await services();
    expect(api.rateLimits.apiKeyRequests).toEqual({ limit: 600, windowSeconds: 60 });
  });

  it('opens the live stream with tasks:read, and ends it when the key is revoked', async () => {
    const api = await services();
    const alice = await signedInTestUser(api);
    const { apiKey, secret } = await createKey(api, alice.accessToken, { scopes: ['tasks:read'] });
    const stream = await openStream(api, secret);
    streams.push(stream);
    await stream.until((events) => events.length === 1);
    await alice.caller.tasks.create({ title: 'Seen live' });
    await stream.until((events) => events.length === 2);
    await alice.caller.apiKeys.revoke({ id: apiKey.id });
    const ended = await stream.ended;
    expect(ended).toBeInstanceOf(TRPCError);
    expect(ended instanceof TRPCError ? ended.code : undefined).toBe('UNAUTHORIZED');
  });
});
