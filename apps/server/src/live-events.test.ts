// tasks.changes over real HTTP: two instances listening on sockets, on one database (the embedded
// one, whose NOTIFY reaches every listener of the process, and PostgreSQL), each subscriber an
// EventSource that sends its token in the Authorization header.
import { randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';

import { pruneTaskEvents, testAuthConfig } from '@tasklane/api/testing';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { AppConfig } from './build-app';
import { subscribeToTaskChanges, type TaskStreamClient } from './testing/task-stream-client';
import { buildTestApp } from './testing/test-app';
import { signIn, signUp, type TestAccount } from './testing/test-accounts';
import { fetchTrpc } from './testing/trpc-http';

interface Instance {
  app: FastifyInstance;
  url: string;
}

describeEachDatabase('tasks.changes over HTTP', (database) => {
  const apps: FastifyInstance[] = [];
  const streams: TaskStreamClient[] = [];
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  const authSecret = randomBytes(32);

  async function instance(overrides: Partial<AppConfig> = {}): Promise<Instance> {
    const app = await buildTestApp(database(), { authSecret, ...overrides });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return { app, url: `http://127.0.0.1:${address.port}` };
  }

  function subscribe(
    on: Instance,
    token: string | (() => string | Promise<string>),
    lastEventId?: string,
  ): TaskStreamClient {
    const stream = subscribeToTaskChanges({
      baseUrl: on.url,
      accessToken: typeof token === 'string' ? () => token : token,
      ...(lastEventId === undefined ? {} : { lastEventId }),
    });
    streams.push(stream);
    return stream;
  }

  async function create(on: Instance, account: { accessToken: string }, title: string) {
    const answer = await fetchTrpc(on.url, {
      path: 'tasks.create',
      kind: 'mutation',
      input: { title },
      token: account.accessToken,
    });
    expect(answer.status).toBe(200);
    return answer.data as { id: string; title: string; version: number };
  }

  const titles = (stream: TaskStreamClient): string[] =>
    stream.events.map(({ event }) => (event.type === 'upsert' ? event.task.title : event.type));

  it('brings a change made on one instance to a stream held by the other', async () => {
    const a = await instance();
    const b = await instance();
    const alice = await signUp(a.url, 'alice');
    const onB = subscribe(b, alice.accessToken);
    await onB.until((events) => events.length === 1);
    expect(onB.events[0]?.event).toEqual({ type: 'reset' });

    const task = await create(a, alice, 'Made on A');
    await onB.until((events) => events.length === 2);
    expect(onB.events[1]?.event).toMatchObject({
      type: 'upsert',
      task: { id: task.id, title: 'Made on A', version: 1 },
    });
    // The task's dates survive the trip as dates.
    const upsert = onB.events[1]?.event;
    expect(upsert?.type === 'upsert' ? upsert.task.createdAt : null).toBeInstanceOf(Date);
    for (const url of onB.urls) expect(url).not.toContain(alice.accessToken);
  });

  it('resumes from the last event id with every event since, in order, once', async () => {
    const a = await instance();
    const alice = await signUp(a.url, 'resume');
    const first = subscribe(a, alice.accessToken);
    await first.until((events) => events.length === 1);
    await create(a, alice, 'one');
    await first.until((events) => events.length === 2);
    const lastId = first.events.at(-1)?.id;
    first.close();

    await create(a, alice, 'two');
    await create(a, alice, 'three');
    const resumed = subscribe(a, alice.accessToken, lastId);
    await create(a, alice, 'four');
    await resumed.until((events) => events.length === 3);
    expect(titles(resumed)).toEqual(['two', 'three', 'four']);
    expect(resumed.events.map((event) => Number(event.id))).toEqual(
      [1, 2, 3].map((step) => Number(lastId) + step),
    );
  });

  it('answers reset to a resume point older than the retention', async () => {
    const a = await instance();
    const alice = await signUp(a.url, 'retention');
    await create(a, alice, 'old');
    await pruneTaskEvents(database().db, new Date(Date.now() + 1000));
    const resumed = subscribe(a, alice.accessToken, '0');
    await resumed.until((events) => events.length === 1);
    expect(resumed.events).toEqual([{ id: '1', event: { type: 'reset' } }]);
  });

  it('closes a signed-out session’s streams on both instances, and keeps other devices’', async () => {
    const a = await instance();
    const b = await instance();
    const alice = await signUp(a.url, 'revoked');
    const laptop = await signIn(b.url, alice);
    const onA = subscribe(a, alice.accessToken);
    const onB = subscribe(b, alice.accessToken);
    const otherDevice = subscribe(b, laptop.accessToken);
    await Promise.all([onA, onB, otherDevice].map((s) => s.until((e) => e.length === 1)));

    const signOut = await fetchTrpc(a.url, {
      path: 'auth.signOut',
      kind: 'mutation',
      token: alice.accessToken,
    });
    expect(signOut.status).toBe(200);
    for (const stream of [onA, onB]) {
      const error = await stream.ended();
      expect(error).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    }
    await create(b, laptop, 'still live');
    await otherDevice.until((events) => events.length === 2);
    expect(titles(otherDevice)).toEqual(['reset', 'still live']);
  });

  it('refuses streams over the limits with 429 or 503 and Retry-After', async () => {
    const a = await instance({ apiOptions: { streams: { maxStreamsPerUser: 1, maxStreams: 2 } } });
    const alice = await signUp(a.url, 'limits');
    const bob = await signUp(a.url, 'limits');
    const open = (account: TestAccount) =>
      fetch(`${a.url}/api/trpc/tasks.changes`, {
        headers: { authorization: `Bearer ${account.accessToken}`, accept: 'text/event-stream' },
      });
    const first = await open(alice);
    expect(first.status).toBe(200);
    const second = await open(alice);
    expect([second.status, second.headers.get('retry-after')]).toEqual([429, '30']);
    expect(await second.text()).toContain('TOO_MANY_REQUESTS');
    const bobs = await open(bob);
    expect(bobs.status).toBe(200);
    const full = await open(bob);
    expect([full.status, full.headers.get('retry-after')]).toEqual([503, '5']);
    await Promise.all([first.body?.cancel(), bobs.body?.cancel()]);
  });

  it('reconnects with a fresh token when the old one expires, losing no event', async () => {
    const a = await instance({ auth: { ...testAuthConfig, accessTokenTtlSeconds: 3 } });
    const alice = await signUp(a.url, 'renewal');
    let current = { token: alice.accessToken, issuedAt: Date.now() };
    const renewals: string[] = [];
    // Like a client's token source: renew when the token is about to expire.
    const token = async (): Promise<string> => {
      if (Date.now() - current.issuedAt > 2000) {
        const fresh = await signIn(a.url, alice);
        current = { token: fresh.accessToken, issuedAt: Date.now() };
        renewals.push(fresh.accessToken);
      }
      return current.token;
    };
    const live = subscribe(a, token);
    await live.until((events) => events.length === 1);
    await create(a, { accessToken: await token() }, 'before expiry');
    await live.until((events) => events.length === 2);
    // The server ends the stream when the first token expires; these land while it reconnects.
    while (renewals.length === 0 || live.urls.length < 2) {
      await create(a, { accessToken: await token() }, `meanwhile ${renewals.length}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await create(a, { accessToken: await token() }, 'after');
    await live.until((events) =>
      events.some(({ event }) => event.type === 'upsert' && event.task.title === 'after'),
    );
    const ids = live.events.map((event) => Number(event.id));
    expect(ids).toEqual(ids.map((_, index) => index));
    expect(live.error()).toBeUndefined();
    for (const url of live.urls) {
      for (const used of [alice.accessToken, ...renewals]) expect(url).not.toContain(used);
    }
  });

  it('ends its streams when the instance shuts down, so closing does not wait for them', async () => {
    const a = await instance();
    const alice = await signUp(a.url, 'shutdown');
    const live = subscribe(a, alice.accessToken);
    await live.until((events) => events.length === 1);
    await a.app.close();
    // The client was not told to stop: it is reconnecting (to another instance, in production).
    expect(live.error()).toBeUndefined();
    expect(a.app.apiServices.events.stats().streams).toBe(0);
  });
});
