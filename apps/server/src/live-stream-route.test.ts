// The live streams are written straight to the Node response (live-stream-route.ts), outside
// Fastify's onSend hooks and tRPC's adapter: what those gave a stream must still hold. Over real
// HTTP, on the embedded database and on PostgreSQL. The events themselves, resume, revocation,
// limits, shutdown and the slow-client guard are covered by live-events*.test.ts and
// client-live-events.test.ts, which run against this writer unchanged.
import type { Socket } from 'node:net';

import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';

import { STREAM_HEARTBEAT_MS } from '@tasklane/api';
import { testAuthConfig } from '@tasklane/api/testing';
import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';
import { signUp, type TestAccount } from './testing/test-accounts';
import { fetchTrpc } from './testing/trpc-http';

const [WEB_ORIGIN = 'http://localhost:5173'] = testAuthConfig.webOrigins;

interface OpenStream {
  response: Response;
  /** Resolves with the text received until it contains `until` (`times` times). */
  readUntil(until: string, times?: number): Promise<string>;
  close(): void;
}

describeEachDatabase('tasks.changes written to the socket', (database) => {
  const apps: FastifyInstance[] = [];
  const streams: OpenStream[] = [];
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function serve(
    overrides: Parameters<typeof buildTestApp>[1] = {},
  ): Promise<{ app: FastifyInstance; url: string }> {
    const app = await buildTestApp(database(), overrides);
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return { app, url: `http://127.0.0.1:${address.port}` };
  }

  async function open(url: string, account: TestAccount): Promise<OpenStream> {
    const abort = new AbortController();
    const response = await fetch(`${url}/api/trpc/tasks.changes`, {
      headers: {
        authorization: `Bearer ${account.accessToken}`,
        accept: 'text/event-stream',
        origin: WEB_ORIGIN,
      },
      signal: abort.signal,
    });
    const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const stream: OpenStream = {
      response,
      async readUntil(until, times = 1) {
        while (text.split(until).length - 1 < times) {
          const chunk = await reader?.read();
          if (chunk === undefined || chunk.done) throw new Error(`ended before ${until}: ${text}`);
          text += decoder.decode(chunk.value, { stream: true });
        }
        return text;
      },
      close: () => {
        abort.abort();
      },
    };
    streams.push(stream);
    return stream;
  }

  /** Resolves when the server has seen the connection of each request to `tasks.changes` close. */
  function streamConnectionsClosed(app: FastifyInstance): () => Promise<void> {
    const closed: Promise<void>[] = [];
    const seen = new Set<Socket>();
    app.server.on('request', (request: { url?: string; socket: Socket }) => {
      if (request.url?.includes('tasks.changes') !== true || seen.has(request.socket)) return;
      seen.add(request.socket);
      closed.push(
        new Promise((resolve) => {
          request.socket.once('close', () => {
            resolve();
          });
        }),
      );
    });
    return async () => {
      await Promise.all(closed.splice(0));
    };
  }

  it('frees a closed stream’s place in the limits at once: 10 closed, 10 more open', async () => {
    const { app, url } = await serve();
    const connectionsClosed = streamConnectionsClosed(app);
    const alice = await signUp(url, 'reopen');
    const first = await Promise.all(Array.from({ length: 10 }, () => open(url, alice)));
    await Promise.all(first.map((stream) => stream.readUntil('"reset"')));
    expect(app.apiServices.events.stats().streams).toBe(10);

    for (const stream of first) stream.close();
    // Nothing else happens in between: no change wakes the closed streams, no time passes.
    await connectionsClosed();
    expect(app.apiServices.events.stats().streams).toBe(0);
    const again = await Promise.all(Array.from({ length: 10 }, () => open(url, alice)));
    expect(again.map((stream) => stream.response.status)).toEqual(Array(10).fill(200));
    await Promise.all(again.map((stream) => stream.readUntil('"reset"')));
    expect(app.apiServices.events.stats().streams).toBe(10);
  });

  it('sends an idle stream a heartbeat every interval, so proxies do not cut it', async () => {
    // The router's interval stays under the 30 s idle cut of common proxies.
    expect(STREAM_HEARTBEAT_MS).toBeLessThanOrEqual(30_000);
    const { url } = await serve({ streamHeartbeatMs: 50 });
    const alice = await signUp(url, 'heartbeat');
    const stream = await open(url, alice);
    const text = await stream.readUntil('event: ping', 3);
    // Nothing happened but the reset and the heartbeats.
    const frames = text.split('\n\n').filter((frame) => frame.trim() !== '');
    const kinds = frames.map((frame) => /^event: (\w+)/m.exec(frame)?.[1] ?? 'data');
    expect(new Set(kinds)).toEqual(new Set(['connected', 'data', 'ping']));
    expect(kinds.filter((kind) => kind === 'data')).toHaveLength(1);
    expect(frames.find((frame) => !frame.includes('event:'))).toContain('"reset"');
  });

  it('carries the headers every API answer carries, with the stream’s own', async () => {
    const { url } = await serve();
    const alice = await signUp(url, 'headers');
    const query = await fetchTrpc(url, {
      path: 'tasks.list',
      kind: 'query',
      input: {},
      token: alice.accessToken,
      headers: { origin: WEB_ORIGIN },
    });
    expect(query.status).toBe(200);
    const stream = await open(url, alice);
    await stream.readUntil('"reset"');
    const headers = stream.response.headers;

    // Security headers (helmet, Permissions-Policy) and CORS: whatever a query gets, a stream gets.
    const bodyHeaders = ['content-type', 'content-length', 'cache-control', 'keep-alive', 'date'];
    const shared = Object.entries(query.headers).filter(([name]) => !bodyHeaders.includes(name));
    expect(shared.map(([name]) => name)).toEqual(
      expect.arrayContaining(['content-security-policy', 'access-control-allow-origin']),
    );
    for (const [name, value] of shared) expect([name, headers.get(name)]).toEqual([name, value]);

    expect(headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(headers.get('content-type')).toBe('text/event-stream');
    // The API's onSend policy, never stored; no-transform and no proxy buffering, so events flow.
    expect(headers.get('cache-control')).toBe('no-store, no-transform');
    expect(headers.get('x-accel-buffering')).toBe('no');
  });

  it('answers a batched subscription as tRPC does, with an error and no stream', async () => {
    const { url } = await serve();
    const alice = await signUp(url, 'batch');
    const answer = await fetch(`${url}/api/trpc/tasks.changes?batch=1&input=%7B%7D`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.text()).toContain('BAD_REQUEST');
  });
});
