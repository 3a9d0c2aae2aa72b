// POST /test/clock over real HTTP on spawned servers: it moves the clock the reminder runner
// claims by (a reminder an hour away arrives on the live stream after a move, with no wait), it
// exists only with TEST_CLOCK, and a production server with TEST_CLOCK refuses to start.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, expect, it } from 'vitest';

import { spawnServer, type SpawnedServer } from './testing/spawn-server';
import { subscribeToTaskChanges, type TaskStreamClient } from './testing/task-stream-client';
import { signUp } from './testing/test-accounts';
import { fetchTrpc } from './testing/trpc-http';

const dataDirs: string[] = [];
const servers: SpawnedServer[] = [];
const streams: TaskStreamClient[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await Promise.all(servers.splice(0).map((server) => server.stop('SIGTERM')));
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<SpawnedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-test-clock-'));
  dataDirs.push(dataDir);
  const server = await spawnServer({ env: { DATA_DIR: dataDir, ...env } });
  servers.push(server);
  return server;
}

function moveClock(server: SpawnedServer, body: unknown): Promise<Response> {
  return fetch(`${server.url}/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

it('with TEST_CLOCK, a move of the clock makes a reminder an hour away arrive now', async () => {
  const server = await start({ TEST_CLOCK: '1' });
  const account = await signUp(server.url, 'clock');
  const dueAt = new Date(Date.now() + 3_600_000);
  const created = await fetchTrpc(server.url, {
    path: 'tasks.create',
    kind: 'mutation',
    input: { title: 'Call the dentist', dueAt },
    token: account.accessToken,
  });
  expect(created.status).toBe(200);
  const task = created.data as { id: string };
  const reminder = await fetchTrpc(server.url, {
    path: 'reminders.create',
    kind: 'mutation',
    input: { taskId: task.id, minutesBefore: 0 },
    token: account.accessToken,
  });
  expect(reminder.status).toBe(200);
  const stream = subscribeToTaskChanges({
    baseUrl: server.url,
    accessToken: () => account.accessToken,
  });
  streams.push(stream);
  await stream.until((events) => events.some(({ event }) => event.type === 'reset'));

  const target = new Date(dueAt.getTime() + 5_000);
  const moved = await moveClock(server, { now: target.toISOString() });
  expect(moved.status).toBe(200);
  expect(moved.headers.get('cache-control')).toBe('no-store');
  const { now } = (await moved.json()) as { now: string };
  expect(new Date(now).getTime()).toBeGreaterThanOrEqual(target.getTime());

  await stream.until((events) => events.some(({ event }) => event.type === 'reminder'));
  const delivered = stream.events.flatMap(({ event }) =>
    event.type === 'reminder' ? [event] : [],
  );
  expect(delivered).toHaveLength(1);
  expect(delivered[0]?.task).toMatchObject({ id: task.id, title: 'Call the dentist' });
  expect(delivered[0]?.fireAt.getTime()).toBe(dueAt.getTime());

  // Forward by a step; never back; nothing but the two shapes.
  const stepped = await moveClock(server, { advanceMs: 60_000 });
  expect(stepped.status).toBe(200);
  const { now: later } = (await stepped.json()) as { now: string };
  expect(new Date(later).getTime()).toBeGreaterThanOrEqual(target.getTime() + 60_000);
  expect((await moveClock(server, { now: new Date().toISOString() })).status).toBe(409);
  for (const body of [{}, { advanceMs: -1 }, { advanceMs: 1.5 }, { now: 'soon' }, { when: 1 }]) {
    expect((await moveClock(server, body)).status, JSON.stringify(body)).toBe(400);
  }
}, 120_000);

it('without TEST_CLOCK there is no /test/clock', async () => {
  const server = await start({});
  expect((await moveClock(server, { advanceMs: 60_000 })).status).toBe(404);
}, 60_000);

it('in production, TEST_CLOCK stops the server from starting, saying why', async () => {
  const started = start({
    NODE_ENV: 'production',
    TEST_CLOCK: '1',
    AUTH_SECRET: randomBytes(48).toString('base64'),
    WEB_ORIGIN: 'https://tasks.example.com',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    APP_URL: 'https://tasks.example.com',
  });
  await expect(started).rejects.toThrow(/exited with 1:[\s\S]*TEST_CLOCK: refused in production/);
}, 60_000);
