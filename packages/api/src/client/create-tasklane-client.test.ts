// The client against the real router over HTTP semantics (tRPC's Fetch adapter, real database):
// sign-in, batching, refresh before expiry, one retry after UNAUTHORIZED, typed errors, sign-out.
import { randomUUID } from 'node:crypto';

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { createTestServices } from '../testing';
import { fetchTestServer, type FetchTestServer } from './fetch-test-server';
import {
  createTasklaneClient,
  errorCode,
  fieldErrors,
  isTasklaneError,
  SignedOutError,
  TRPCClientError,
  type TasklaneClientAuth,
  type TasklaneClientSettings,
  type TasklaneTokens,
} from './index';

const URL = 'http://tasklane.test';
const PASSWORD = 'a long and unusual passphrase 7';

describeEachDatabase('createTasklaneClient', (database) => {
  let services: ApiServices;
  let server: FetchTestServer;

  beforeAll(async () => {
    services = await createTestServices(database().db);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** A new user on its own client address (the sign-in rate limits count per address). */
  async function newUser(): Promise<{ email: string }> {
    server = fetchTestServer(services, `198.51.100.${String(Math.floor(Math.random() * 250) + 1)}`);
    const email = `client-${randomUUID()}@example.com`;
    const signUp = createTasklaneClient({
      url: URL,
      credentials: { email, password: PASSWORD },
      fetch: server.fetch,
    });
    await signUp.auth.signUp.mutate({ email, password: PASSWORD, name: 'Client Test' });
    server.requests.length = 0;
    return { email };
  }

  function client(options: Omit<TasklaneClientSettings, 'url' | 'fetch'> & TasklaneClientAuth) {
    return createTasklaneClient({ url: URL, fetch: server.fetch, ...options });
  }

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('expected the call to fail');
  }

  it('signs in on first use, then batches calls made together', async () => {
    const { email } = await newUser();
    const seen: TasklaneTokens[] = [];
    const tasklane = client({
      credentials: { email, password: PASSWORD },
      onTokens: (tokens) => void seen.push(tokens),
    });

    const dueAt = new Date('2026-12-01T17:00:00.000Z');
    await Promise.all([
      tasklane.tasks.create.mutate({ title: 'First', dueAt }),
      tasklane.tasks.create.mutate({ title: 'Second' }),
    ]);
    const [list, stats, me] = await Promise.all([
      tasklane.tasks.list.query({}),
      tasklane.tasks.stats.query(),
      tasklane.auth.me.query(),
    ]);

    expect(server.requests).toEqual([
      'auth.signIn',
      'tasks.create,tasks.create',
      'tasks.list,tasks.stats,auth.me',
    ]);
    expect(list.items.map((task) => task.title).sort()).toEqual(['First', 'Second']);
    expect(list.items.find((task) => task.title === 'First')?.dueAt).toEqual(dueAt);
    expect(stats.total).toBe(2);
    expect(me.email).toBe(email);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.refreshToken).toEqual(expect.any(String));
    expect(tasklane.tokens()).toEqual(seen[0]);
  });

  it('works with an API key: the key on every request, nothing renewed, a refused key not retried', async () => {
    const { email } = await newUser();
    const person = client({ credentials: { email, password: PASSWORD } });
    const { apiKey, secret } = await person.apiKeys.create.mutate({
      name: 'Reporting service',
      scopes: ['tasks:read', 'tasks:write'],
      expiresInDays: 30,
    });
    server.requests.length = 0;

    const service = client({ apiKey: secret });
    const [created, me] = await Promise.all([
      service.tasks.create.mutate({ title: 'From a service' }),
      service.auth.me.query(),
    ]);
    expect(me.email).toBe(email);
    expect((await service.tasks.list.query({})).items.map((task) => task.id)).toEqual([created.id]);
    // Mutations and queries travel in separate requests, each with the key and nothing more.
    expect([...server.requests].sort()).toEqual(['auth.me', 'tasks.create', 'tasks.list']);
    expect(service.tokens()).toBeNull();

    // Managing keys needs the person: FORBIDDEN, typed.
    const forbidden = await rejection(service.apiKeys.list.query());
    expect(errorCode(forbidden)).toBe('FORBIDDEN');

    await person.apiKeys.revoke.mutate({ id: apiKey.id });
    server.requests.length = 0;
    const refused = await rejection(service.tasks.list.query({}));
    expect(errorCode(refused)).toBe('UNAUTHORIZED');
    expect(server.requests).toEqual(['tasks.list']);

    // signOut only forgets the key here.
    await service.signOut();
    expect(await rejection(service.tasks.list.query({}))).toBeInstanceOf(TRPCClientError);
    expect(server.requests).toEqual(['tasks.list']);
  });

  it('refreshes shortly before the access token expires, rotating the refresh token', async () => {
    const { email } = await newUser();
    const tasklane = client({ credentials: { email, password: PASSWORD } });
    await tasklane.auth.me.query();
    const first = tasklane.tokens();
    if (first === null) throw new Error('no tokens after sign-in');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(first.accessTokenExpiresAt.getTime() - 30_000);
    await tasklane.tasks.list.query({});

    expect(server.requests).toEqual(['auth.signIn', 'auth.me', 'auth.refresh', 'tasks.list']);
    const second = tasklane.tokens();
    expect(second?.refreshToken).toEqual(expect.any(String));
    expect(second?.refreshToken).not.toBe(first.refreshToken);
    expect(second?.accessTokenExpiresAt.getTime()).toBeGreaterThan(
      first.accessTokenExpiresAt.getTime(),
    );
  });

  it('continues a stored session from its refresh token and reports the rotated one', async () => {
    const { email } = await newUser();
    const first = client({ credentials: { email, password: PASSWORD } });
    await first.auth.me.query();
    const stored = first.tokens();
    if (stored?.refreshToken === undefined) throw new Error('no refresh token');

    const rotated: (string | undefined)[] = [];
    const later = client({
      credentials: { refreshToken: stored.refreshToken },
      onTokens: (tokens) => void rotated.push(tokens.refreshToken),
    });
    server.requests.length = 0;
    expect((await later.auth.me.query()).email).toBe(email);
    expect(server.requests).toEqual(['auth.refresh', 'auth.me']);
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).not.toBe(stored.refreshToken);

    // A saved access token that is still fresh is used as is: no refresh.
    const cached = client({
      credentials: {
        refreshToken: rotated[0] ?? '',
        cachedAccessToken: { token: stored.accessToken, expiresAt: stored.accessTokenExpiresAt },
      },
    });
    server.requests.length = 0;
    await cached.tasks.stats.query();
    expect(server.requests).toEqual(['tasks.stats']);
  });

  it('renews the token and retries once when the server refuses it', async () => {
    const { email } = await newUser();
    const tasklane = client({ credentials: { email, password: PASSWORD } });
    await tasklane.tasks.create.mutate({ title: 'Survives a key rotation' });

    // Same database, new signing key: the access token is refused, the refresh token is not.
    server.useServices(await createTestServices(database().db));
    server.requests.length = 0;
    const { items } = await tasklane.tasks.list.query({});

    expect(items.map((task) => task.title)).toEqual(['Survives a key rotation']);
    expect(server.requests).toEqual(['tasks.list', 'auth.refresh', 'tasks.list']);
    server.useServices(services);
  });

  it('gives up after one renewal when the session was revoked, with UNAUTHORIZED', async () => {
    const { email } = await newUser();
    const first = client({ credentials: { email, password: PASSWORD } });
    await first.auth.me.query();
    const refreshToken = first.tokens()?.refreshToken ?? '';
    const tasklane = client({ credentials: { refreshToken } });
    await tasklane.auth.me.query();
    await database()
      .db.updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', (await tasklane.auth.me.query()).id)
      .execute();
    server.requests.length = 0;

    const error = await rejection(tasklane.tasks.list.query({}));

    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBe('UNAUTHORIZED');
    expect(server.requests).toEqual(['tasks.list', 'auth.refresh']);
  });

  it('asks an access-token function again once, then surfaces UNAUTHORIZED', async () => {
    await newUser();
    const accessToken = vi.fn(() => 'not-a-real-token');
    const tasklane = client({ credentials: { accessToken } });

    const error = await rejection(tasklane.tasks.list.query({}));

    expect(errorCode(error)).toBe('UNAUTHORIZED');
    expect(accessToken).toHaveBeenCalledTimes(2);
    expect(server.requests).toEqual(['tasks.list', 'tasks.list']);
  });

  it('reports a wrong password after a single sign-in attempt', async () => {
    const { email } = await newUser();
    const tasklane = client({ credentials: { email, password: 'not the password at all' } });

    const error = await rejection(tasklane.tasks.list.query({}));

    expect(errorCode(error)).toBe('UNAUTHORIZED');
    expect(isTasklaneError(error) && error.message).toBe('Invalid email or password');
    expect(server.requests).toEqual(['auth.signIn']);
  });

  it('surfaces zod field errors of a rejected input, typed', async () => {
    const { email } = await newUser();
    const tasklane = client({ credentials: { email, password: PASSWORD } });

    const error = await rejection(
      tasklane.tasks.create.mutate({ title: '   ', tags: ['x'.repeat(40)] }),
    );

    expect(errorCode(error)).toBe('BAD_REQUEST');
    expect(fieldErrors(error)).toEqual({
      title: ['Title is required'],
      tags: ['A tag must be at most 32 characters'],
    });
    expect((await tasklane.tasks.stats.query()).total).toBe(0);
  });

  it('signs out: the session is revoked on the server and the client refuses further calls', async () => {
    const { email } = await newUser();
    const tasklane = client({ credentials: { email, password: PASSWORD } });
    await tasklane.auth.me.query();
    const refreshToken = tasklane.tokens()?.refreshToken ?? '';

    await tasklane.signOut();

    expect(tasklane.tokens()).toBeNull();
    const afterwards = await rejection(tasklane.auth.me.query());
    expect(afterwards).toBeInstanceOf(TRPCClientError);
    expect(isTasklaneError(afterwards) && afterwards.cause).toBeInstanceOf(SignedOutError);
    const revoked = await rejection(client({ credentials: { refreshToken } }).auth.me.query());
    expect(errorCode(revoked)).toBe('UNAUTHORIZED');
    // Signing out twice is harmless.
    await tasklane.signOut();
  });
});

describe('createTasklaneClient without a server', () => {
  it('reports an unreachable server as a TRPCClientError with the network cause', async () => {
    const tasklane = createTasklaneClient({
      url: 'http://127.0.0.1:9',
      credentials: { accessToken: () => 'token' },
    });
    const error = await tasklane.tasks.list.query({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBeUndefined();
    expect(isTasklaneError(error) && error.cause).toBeInstanceOf(Error);
  });
});
