// A client too slow to keep up with its live stream is disconnected, and resumes from its last
// event id: a real EventSource over HTTP that stops reading its connection while changes pile up,
// on the embedded database and on PostgreSQL.
import { randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';

import { TASK_LIMITS } from '@tasklane/api/contract';
import { describeEachDatabase } from '@tasklane/db/testing';

import {
  createReadGate,
  subscribeToTaskChanges,
  type TaskStreamClient,
} from './testing/task-stream-client';
import { buildTestApp } from './testing/test-app';
import { signUp } from './testing/test-accounts';
import { fetchTrpc } from './testing/trpc-http';

describeEachDatabase('tasks.changes: a slow client', (database) => {
  const apps: FastifyInstance[] = [];
  const streams: TaskStreamClient[] = [];
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('is disconnected once its connection stays full, and resumes from its last id', async () => {
    const logLines: string[] = [];
    const app = await buildTestApp(database(), {
      authSecret: randomBytes(32),
      logLevel: 'warn',
      logStream: { write: (line) => void logLines.push(line) },
      streamStallTimeoutMs: 200,
    });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    const url = `http://127.0.0.1:${address.port}`;
    const alice = await signUp(url, 'slow');

    const gate = createReadGate();
    const live = subscribeToTaskChanges({
      baseUrl: url,
      accessToken: () => alice.accessToken,
      readGate: gate,
    });
    streams.push(live);
    await live.until((events) => events.length === 1);

    // The client stops reading; changes keep coming, large ones to fill the buffers sooner, from
    // another service writing straight to the database, until the server drops the connection.
    gate.shut();
    const dropped = () => logLines.some((line) => line.includes('events.slow_stream_closed'));
    const created: string[] = [];
    while (!dropped()) {
      const rows = await database()
        .db.insertInto('tasks')
        .values(
          Array.from({ length: 100 }, (_, index) => ({
            user_id: alice.userId,
            title: `imported ${created.length + index}`,
            description: 'x'.repeat(TASK_LIMITS.descriptionMaxLength),
          })),
        )
        .returning('id')
        .execute();
      created.push(...rows.map((row) => row.id));
      if (created.length >= 10_000) throw new Error('50 MB later, the stream is still open');
      // The embedded database answers without leaving the microtask queue: give the server's
      // timers and sockets their turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Its place in the limits is freed once the instance has seen the connection go.
    await vi.waitFor(() => {
      expect(app.apiServices.events.stats().streams).toBe(0);
    });

    // Reading again, it takes what reached it, reconnects with Last-Event-ID, and gets the rest.
    gate.open();
    const last = await fetchTrpc(url, {
      path: 'tasks.create',
      kind: 'mutation',
      input: { title: 'the last one' },
      token: alice.accessToken,
    });
    created.push((last.data as { id: string }).id);
    await live.until((events) =>
      events.some(({ event }) => event.type === 'upsert' && event.task.title === 'the last one'),
    );
    expect(live.urls.length).toBeGreaterThanOrEqual(2);
    expect(live.error()).toBeUndefined();
    const [reset, ...changes] = live.events;
    expect(reset?.event).toEqual({ type: 'reset' });
    // Every change once, with the ids that follow the reset's, in order.
    const received = changes.map(({ event }) => (event.type === 'upsert' ? event.task.id : ''));
    expect(new Set(received)).toEqual(new Set(created));
    expect(received).toHaveLength(created.length);
    expect(changes.map(({ id }) => Number(id))).toEqual(
      created.map((_, index) => Number(reset?.id) + index + 1),
    );
  });
});
