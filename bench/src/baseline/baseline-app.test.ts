// The baseline is only a fair yardstick if it does the same work as Tasklane: the same rows for
// the same user, the same tokens accepted, the same revocation semantics. PostgreSQL only (the
// baseline speaks `pg`), on a fresh database beside TEST_DATABASE_URL's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAccessTokens } from '@tasklane/api';
import { callerFor, createTestServices } from '@tasklane/api/testing';
import { createTestPostgres, testDatabaseUrl, type TestDatabase } from '@tasklane/db/testing';

import { seedDatabase, type SeedResult } from '../seed';
import { signAccessTokens } from '../tokens';
import { buildBaselineApp, type BaselineApp } from './baseline-app';

const SECRET = 'baseline-test-secret-that-is-at-least-32-bytes';
const ISSUER = 'tasklane';
const AUDIENCE = 'tasklane-api';
// Not a valid password hash of anything; these tests never sign in.
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$bm90LWEtcmVhbC1oYXNoLWF0LWFsbA';

const url = testDatabaseUrl();

const describePostgres = url === undefined ? describe.skip : describe;

describePostgres(
  `baseline app [postgres]${url === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`,
  () => {
    let database: TestDatabase;
    let baseline: BaselineApp;
    let seeded: SeedResult;
    let tokens: string[];

    beforeAll(async () => {
      if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
      database = await createTestPostgres(url);
      const databaseUrl = database.url;
      if (databaseUrl === undefined) throw new Error('expected a PostgreSQL test database');
      seeded = await seedDatabase(databaseUrl, { users: 3, tasksPerUser: 60, passwordHash: HASH });
      tokens = await signAccessTokens(seeded.users, {
        secret: SECRET,
        issuer: ISSUER,
        audience: AUDIENCE,
        ttlSeconds: 600,
      });
      baseline = await buildBaselineApp({
        databaseUrl,
        secret: SECRET,
        issuer: ISSUER,
        audience: AUDIENCE,
        poolMax: 2,
        logLevel: 'silent',
      });
    });

    afterAll(async () => {
      await baseline.close();
      await database.destroy();
    });

    /** A task created through the (first) baseline's own route, as `user`. */
    function postTask(user: number, title: string) {
      return baseline.app.inject({
        method: 'POST',
        url: '/tasks',
        headers: { authorization: `Bearer ${tokens[user] ?? ''}` },
        payload: { title },
      });
    }

    async function tasklaneCaller(user: number) {
      const services = await createTestServices(database.db, {
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      const sameSecretTokens = await createAccessTokens({
        secret: new TextEncoder().encode(SECRET),
        issuer: ISSUER,
        audience: AUDIENCE,
        ttlSeconds: 600,
      });
      return callerFor(
        { ...services, tokens: sameSecretTokens },
        { authorization: `Bearer ${tokens[user] ?? ''}` },
      ).caller;
    }

    async function get(path: string, user: number) {
      return baseline.app.inject({
        method: 'GET',
        url: path,
        headers: { authorization: `Bearer ${tokens[user] ?? ''}` },
      });
    }

    it('seeds users with live sessions and their tasks', () => {
      expect(seeded.users).toHaveLength(3);
      expect(seeded.tasks).toBe(180);
      expect(new Set(seeded.users.map((user) => user.sessionId)).size).toBe(3);
    });

    it('lists the same 50 tasks, in the same order, as tasks.list', async () => {
      const caller = await tasklaneCaller(1);
      const ours = await caller.tasks.list({});
      const response = await get('/list', 1);
      expect(response.statusCode).toBe(200);
      const theirs = response.json<{
        items: { id: string; title: string }[];
        nextCursor: unknown;
      }>();
      expect(theirs.items).toHaveLength(50);
      expect(theirs.items.map((task) => task.id)).toEqual(ours.items.map((task) => task.id));
      expect(theirs.items.map((task) => task.title)).toEqual(ours.items.map((task) => task.title));
      expect(theirs.nextCursor).not.toBeNull();
      expect(ours.nextCursor).not.toBeNull();
    });

    it('answers /me with the same user as auth.me', async () => {
      const caller = await tasklaneCaller(2);
      const ours = await caller.auth.me();
      const response = await get('/me', 2);
      expect(response.statusCode).toBe(200);
      expect(response.json<{ id: string; email: string }>()).toMatchObject({
        id: ours.id,
        email: ours.email,
      });
    });

    it('refuses a revoked session on the checked route only', async () => {
      const revoked = seeded.users[0];
      if (revoked === undefined) throw new Error('no seeded user');
      await database.db
        .updateTable('sessions')
        .set({ revoked_at: new Date() })
        .where('id', '=', revoked.sessionId)
        .execute();
      expect((await get('/list', 0)).statusCode).toBe(401);
      expect((await get('/me', 0)).statusCode).toBe(401);
      // The unchecked variant exists to price the check; it must not be mistaken for a safe route.
      expect((await get('/list-unchecked', 0)).statusCode).toBe(200);
      const caller = await tasklaneCaller(0);
      await expect(caller.tasks.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('creates a task that then heads the list', async () => {
      const response = await postTask(2, '  Fresh task  ');
      expect(response.statusCode).toBe(200);
      const created = response.json<{ id: string; title: string }>();
      expect(created.title).toBe('Fresh task');
      const list = (await get('/list', 2)).json<{ items: { id: string }[] }>();
      expect(list.items[0]?.id).toBe(created.id);
    });

    it("writes each create to its person's open streams, and to no one else's", async () => {
      const origin = await baseline.app.listen({ host: '127.0.0.1', port: 0 });
      const open = (user: number) => openStream(origin, tokens[user] ?? '');
      const mine = await open(2);
      const theirs = await open(1);
      await mine.until('"reset"');
      await theirs.until('"reset"');

      const created = await postTask(2, 'Sent live');
      expect(created.statusCode).toBe(200);
      const task = created.json<{ id: string }>();
      const frames = await mine.until(task.id);
      expect(frames).toBe(
        'event: connected\ndata: {}\n\n' +
          'data: {"type":"reset"}\n\n' +
          `data: ${JSON.stringify({ type: 'upsert', task: created.json<unknown>() })}\n\n`,
      );
      // The other person's create comes after it: had the first reached them, it would be first.
      const other = await postTask(1, 'Their own');
      const seen = await theirs.until(other.json<{ id: string }>().id);
      expect(seen).not.toContain(task.id);
      mine.close();
      theirs.close();
    });

    it("relays each change made anywhere to its person's streams on another instance, and to no one else's", async () => {
      const relay = await buildBaselineApp({
        databaseUrl: database.url ?? '',
        secret: SECRET,
        issuer: ISSUER,
        audience: AUDIENCE,
        poolMax: 2,
        logLevel: 'silent',
        relay: true,
      });
      try {
        const origin = await relay.app.listen({ host: '127.0.0.1', port: 0 });
        const mine = await openStream(origin, tokens[2] ?? '');
        const theirs = await openStream(origin, tokens[1] ?? '');
        await mine.until('"reset"');
        await theirs.until('"reset"');

        // Made on the other instance: the relay's streams hear of it from PostgreSQL alone.
        const created = await postTask(2, 'Relayed');
        expect(created.statusCode).toBe(200);
        const task = created.json<{ id: string }>();
        const frames = await mine.until(task.id);
        const relayed = frames.split('\n\n').find((frame) => frame.includes(task.id));
        expect(JSON.parse(relayed?.replace(/^data: /, '') ?? 'null')).toMatchObject({
          kind: 'upsert',
          taskId: task.id,
          task: { id: task.id, title: 'Relayed' },
        });
        // Through Tasklane's own procedure too: whatever made the change.
        const other = await (await tasklaneCaller(1)).tasks.create({ title: 'Their own' });
        const seen = await theirs.until(other.id);
        expect(seen).not.toContain(task.id);
        // And had theirs reached mine, it would come before my next one.
        const again = await (await tasklaneCaller(2)).tasks.create({ title: 'Mine again' });
        expect(await mine.until(again.id)).not.toContain(other.id);
        mine.close();
        theirs.close();
      } finally {
        await relay.close();
      }
    });
  },
);

/** An SSE stream of the baseline's `/changes`, read as text. */
async function openStream(origin: string, token: string) {
  const abort = new AbortController();
  const response = await fetch(`${origin}/changes`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const body = response.body;
  if (body === null) throw new Error('a stream without a body');
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    /** The stream's text once it holds `expected` (the frames so far). */
    async until(expected: string): Promise<string> {
      while (!text.includes(expected)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${expected}`);
        text += value;
      }
      return text;
    },
    close: () => {
      abort.abort();
    },
  };
}
