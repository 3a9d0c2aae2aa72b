// The shared client's live streams (`createTasklaneClient(...).tasks.changes.subscribe`) against
// the real server over real HTTP: events with their types, the token only ever in a header, a
// renewal ahead of expiry and a refused stream both resuming after the last event, a drop of the
// server resumed on its return, and a revoked session ending the stream.
import { randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';

import {
  createTasklaneClient,
  errorCode,
  type TaskEvent,
  type TasklaneClient,
  type TasklaneCredentials,
} from '@tasklane/api/client';
import { testAuthConfig } from '@tasklane/api/testing';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { AppConfig } from './build-app';
import { buildTestApp } from './testing/test-app';
import { signIn, signUp, type TestAccount } from './testing/test-accounts';

interface Request {
  url: string;
  authorization: string | null;
}

interface Received {
  id: string;
  event: TaskEvent;
}

/** A subscription's record: events, connection states, and how it ended. */
interface LiveRecord {
  events: Received[];
  states: string[];
  error(): unknown;
  until(predicate: (events: readonly Received[]) => boolean): Promise<void>;
  ended(): Promise<unknown>;
  stop(): void;
}

function watch(client: TasklaneClient, lastEventId?: string): LiveRecord {
  const events: Received[] = [];
  const states: string[] = [];
  let failure: unknown;
  let finished = false;
  let changed: () => void = () => undefined;
  const notify = (): void => {
    changed();
  };
  const subscription = client.tasks.changes.subscribe(
    lastEventId === undefined ? undefined : { lastEventId },
    {
      onData: ({ id, data }) => {
        events.push({ id, event: data });
        notify();
      },
      onConnectionStateChange: (state) => {
        states.push(state.error === null ? state.state : `${state.state} (error)`);
        notify();
      },
      onError: (error) => {
        failure = error;
        finished = true;
        notify();
      },
      onComplete: () => {
        finished = true;
        notify();
      },
    },
  );
  const changes = (): Promise<void> =>
    new Promise<void>((resolve) => {
      changed = resolve;
    });
  return {
    events,
    states,
    error: () => failure,
    async until(predicate) {
      while (!predicate(events)) {
        if (finished) throw new Error(`the stream ended: ${String(failure)}`);
        await changes();
      }
    },
    async ended() {
      while (!finished) await changes();
      return failure;
    },
    stop() {
      subscription.unsubscribe();
      finished = true;
      notify();
    },
  };
}

const titles = (live: LiveRecord): string[] =>
  live.events.map(({ event }) => (event.type === 'upsert' ? event.task.title : event.type));

const hasTitle =
  (title: string) =>
  (events: readonly Received[]): boolean =>
    events.some(({ event }) => event.type === 'upsert' && event.task.title === title);

/** Ids are consecutive from the first: nothing lost, nothing twice. */
function expectConsecutive(live: LiveRecord): void {
  const ids = live.events.map(({ id }) => Number(id));
  const first = ids[0] ?? 0;
  expect(ids).toEqual(ids.map((_, index) => first + index));
}

describeEachDatabase('the client’s tasks.changes over HTTP', (database) => {
  const apps: FastifyInstance[] = [];
  const lives: LiveRecord[] = [];
  afterEach(async () => {
    for (const live of lives.splice(0)) live.stop();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  const authSecret = randomBytes(32);

  async function serve(overrides: Partial<AppConfig> = {}, port = 0) {
    const app = await buildTestApp(database(), { authSecret, ...overrides });
    apps.push(app);
    await app.listen({ port, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return { app, url: `http://127.0.0.1:${address.port}`, port: address.port };
  }

  /** A client that records every request's URL, procedure and Authorization header. */
  function recordingClient(
    url: string,
    credentials: TasklaneCredentials,
  ): { client: TasklaneClient; requests: Request[] } {
    const requests: Request[] = [];
    const client = createTasklaneClient({
      url,
      credentials,
      reconnectDelayMs: { first: 50, max: 200 },
      fetch: (input, init) => {
        requests.push({
          url: input instanceof Request ? input.url : String(input),
          authorization: new Headers(init?.headers).get('authorization'),
        });
        return fetch(input, init);
      },
    });
    return { client, requests };
  }

  const streamRequests = (requests: Request[]): Request[] =>
    requests.filter(({ url }) => url.includes('/tasks.changes'));

  function live(client: TasklaneClient, lastEventId?: string): LiveRecord {
    const record = watch(client, lastEventId);
    lives.push(record);
    return record;
  }

  function writer(url: string, account: TestAccount): TasklaneClient {
    return createTasklaneClient({
      url,
      credentials: { email: account.email, password: account.password },
    });
  }

  it('streams typed events, with the token in the Authorization header and never in a URL', async () => {
    const server = await serve();
    const alice = await signUp(server.url, 'client-live');
    const { client, requests } = recordingClient(server.url, {
      email: alice.email,
      password: alice.password,
    });
    const stream = live(client);
    await stream.until((events) => events.length === 1);

    const phone = writer(server.url, alice);
    const task = await phone.tasks.create.mutate({ title: 'From the phone' });
    await phone.tasks.update.mutate({ id: task.id, version: task.version, completed: true });
    await phone.tasks.delete.mutate({ id: task.id });
    await stream.until((events) => events.length === 4);

    expect(titles(stream)).toEqual(['reset', 'From the phone', 'From the phone', 'delete']);
    const [, created, completed, deleted] = stream.events.map(({ event }) => event);
    expect(created?.type === 'upsert' && created.task.createdAt).toBeInstanceOf(Date);
    expect(completed).toMatchObject({ type: 'upsert', task: { completed: true, version: 2 } });
    expect(deleted).toEqual({ type: 'delete', id: task.id });
    expectConsecutive(stream);
    expect(stream.states).toEqual(['connecting', 'pending']);

    const [connection] = streamRequests(requests);
    const token = client.tokens()?.accessToken ?? 'no token';
    expect(connection?.authorization).toBe(`Bearer ${token}`);
    for (const { url } of requests) expect(url).not.toContain(token);
  });

  it('renews the token before it expires and moves to a new connection, losing no event', async () => {
    const server = await serve({ auth: { ...testAuthConfig, accessTokenTtlSeconds: 6 } });
    const alice = await signUp(server.url, 'client-renew');
    const { client, requests } = recordingClient(server.url, {
      email: alice.email,
      password: alice.password,
    });
    const stream = live(client);
    await stream.until((events) => events.length === 1);
    const firstToken = client.tokens()?.accessToken;

    const phone = writer(server.url, alice);
    let written = 0;
    // Changes keep coming while the client renews (halfway through the token's 6 s) and moves.
    while (streamRequests(requests).length < 2) {
      written += 1;
      await phone.tasks.create.mutate({ title: `change ${written}` });
      await stream.until(hasTitle(`change ${written}`));
    }
    await phone.tasks.create.mutate({ title: 'after the move' });
    await stream.until(hasTitle('after the move'));

    expect(titles(stream)).toEqual([
      'reset',
      ...Array.from({ length: written }, (_, index) => `change ${index + 1}`),
      'after the move',
    ]);
    expectConsecutive(stream);
    // Moved ahead of expiry: the stream was never cut off nor refused.
    expect(stream.states).toEqual(['connecting', 'pending']);
    const [first, second] = streamRequests(requests);
    expect(first?.authorization).toBe(`Bearer ${firstToken}`);
    expect(second?.authorization).toBe(`Bearer ${client.tokens()?.accessToken}`);
    expect(second?.authorization).not.toBe(first?.authorization);
    expect(requests.filter(({ url }) => url.includes('/auth.refresh'))).toHaveLength(1);
    for (const { url } of requests) {
      expect(url).not.toContain(firstToken);
      expect(url).not.toContain(client.tokens()?.accessToken);
    }
  });

  it('renews and reconnects after the last event when a stream is refused as UNAUTHORIZED', async () => {
    const server = await serve({ auth: { ...testAuthConfig, accessTokenTtlSeconds: 3 } });
    const alice = await signUp(server.url, 'client-refused');
    const session = await signIn(server.url, alice);
    if (session.refreshToken === undefined) throw new Error('no refresh token');
    // The saved token is said to last an hour: the client does not renew it ahead, so the server
    // ends the stream when it expires and refuses the reconnection with it.
    const { client, requests } = recordingClient(server.url, {
      refreshToken: session.refreshToken,
      cachedAccessToken: {
        token: session.accessToken,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const stream = live(client);
    await stream.until((events) => events.length === 1);

    const phone = writer(server.url, alice);
    let written = 0;
    while (!requests.some(({ url }) => url.includes('/auth.refresh'))) {
      written += 1;
      await phone.tasks.create.mutate({ title: `change ${written}` });
      await stream.until(hasTitle(`change ${written}`));
    }
    await phone.tasks.create.mutate({ title: 'after the renewal' });
    await stream.until(hasTitle('after the renewal'));

    expect(titles(stream)).toEqual([
      'reset',
      ...Array.from({ length: written }, (_, index) => `change ${index + 1}`),
      'after the renewal',
    ]);
    expectConsecutive(stream);
    expect(stream.error()).toBeUndefined();
    // Cut off at expiry; the reconnection with the old token is answered (tRPC's `connected`)
    // and then refused, and the renewed token's connection is live: no second reconnecting.
    expect(stream.states).toEqual(['connecting', 'pending', 'connecting (error)', 'pending']);
    const connections = streamRequests(requests).map(({ authorization }) => authorization);
    expect(connections).toEqual([
      `Bearer ${session.accessToken}`,
      `Bearer ${session.accessToken}`,
      `Bearer ${client.tokens()?.accessToken}`,
    ]);
  });

  it('reconnects after the server drops, resuming after the last event', async () => {
    const first = await serve();
    const alice = await signUp(first.url, 'client-drop');
    const { client } = recordingClient(first.url, {
      email: alice.email,
      password: alice.password,
    });
    const stream = live(client);
    await stream.until((events) => events.length === 1);
    const phone = writer(first.url, alice);
    await phone.tasks.create.mutate({ title: 'before the drop' });
    await stream.until(hasTitle('before the drop'));

    await first.app.close();
    await stream.until(() => stream.states.includes('connecting (error)'));
    // Written while no server answers; the stream's next connection must bring it.
    const offline = createTasklaneClient({
      url: (await serve()).url,
      credentials: { email: alice.email, password: alice.password },
    });
    await offline.tasks.create.mutate({ title: 'while it was down' });
    await serve({}, first.port);
    await stream.until(hasTitle('while it was down'));

    expect(titles(stream)).toEqual(['reset', 'before the drop', 'while it was down']);
    expectConsecutive(stream);
    expect(stream.states.at(-1)).toBe('pending');
  });

  it('ends the stream with UNAUTHORIZED when the session is signed out everywhere', async () => {
    const server = await serve();
    const alice = await signUp(server.url, 'client-revoked');
    const laptop = await signIn(server.url, alice);
    if (laptop.refreshToken === undefined) throw new Error('no refresh token');
    const { client, requests } = recordingClient(server.url, {
      refreshToken: laptop.refreshToken,
    });
    const stream = live(client);
    await stream.until((events) => events.length === 1);

    await writer(server.url, alice).auth.signOutEverywhere.mutate();

    expect(errorCode(await stream.ended())).toBe('UNAUTHORIZED');
    // Regression: it went Live -> Reconnecting… -> ended, a flicker while the refused renewal was
    // tried. Now it stays live until it ends.
    expect(stream.states).toEqual(['connecting', 'pending']);
    // One renewal is tried (refused: the session is gone), and no reconnection.
    expect(requests.filter(({ url }) => url.includes('/auth.refresh'))).toHaveLength(2);
    expect(streamRequests(requests)).toHaveLength(1);
  });

  it('refuses a malformed resume point once, without reconnecting', async () => {
    const server = await serve();
    const alice = await signUp(server.url, 'client-bad-input');
    const { client, requests } = recordingClient(server.url, {
      email: alice.email,
      password: alice.password,
    });
    const stream = live(client, 'not-an-id');
    expect(errorCode(await stream.ended())).toBe('BAD_REQUEST');
    expect(streamRequests(requests)).toHaveLength(1);
  });
});
