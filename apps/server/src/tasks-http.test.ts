// The task procedures over real HTTP (Fastify inject): superjson on the wire, status codes, and
// the error data a client reads (zod field errors, the current task on CONFLICT).
import { randomBytes, randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import superjson, { type SuperJSONResult } from 'superjson';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createAccessTokens } from '@tasklane/api';
import { testAuthConfig } from '@tasklane/api/testing';
import type { Database, Kysely } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';

interface Answer {
  status: number;
  body: unknown;
}

/** A signed-in user made directly in the database, with a token the app accepts. */
async function signIn(app: FastifyInstance, secret: Uint8Array, db: Kysely<Database>) {
  const user = await db
    .insertInto('users')
    .values({
      email: `http-${randomUUID()}@example.com`,
      name: 'HTTP',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await db
    .insertInto('sessions')
    .values({ user_id: user.id, expires_at: new Date(Date.now() + 3_600_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tokens = await createAccessTokens({
    secret,
    issuer: testAuthConfig.issuer,
    audience: testAuthConfig.audience,
    ttlSeconds: testAuthConfig.accessTokenTtlSeconds,
  });
  const { token } = await tokens.issue({ userId: user.id, sessionId: session.id });
  const headers = { authorization: `Bearer ${token}` };

  return {
    headers,
    async query(path: string, input?: unknown): Promise<Answer> {
      const query =
        input === undefined
          ? ''
          : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
      const response = await app.inject({
        method: 'GET',
        url: `/api/trpc/${path}${query}`,
        headers,
      });
      return { status: response.statusCode, body: decode(response.json()) };
    },
    async mutation(path: string, input?: unknown): Promise<Answer> {
      const response = await app.inject({
        method: 'POST',
        url: `/api/trpc/${path}`,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: input === undefined ? '' : JSON.stringify(superjson.serialize(input)),
      });
      return { status: response.statusCode, body: decode(response.json()) };
    },
  };
}

function isEnvelope(value: unknown): value is SuperJSONResult {
  return typeof value === 'object' && value !== null && 'json' in value;
}

/** The result data or the error shape, both superjson-decoded as the client does. */
function decode(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  if ('error' in body && isEnvelope(body.error)) {
    return { error: superjson.deserialize(body.error) };
  }
  if ('result' in body && typeof body.result === 'object' && body.result !== null) {
    const { result } = body;
    if ('data' in result && isEnvelope(result.data)) return superjson.deserialize(result.data);
  }
  return body;
}

describeEachDatabase('tasks over HTTP', (database) => {
  const secret = randomBytes(32);
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildTestApp(database(), { authSecret: secret });
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates, lists, updates and completes a task, with Dates intact on the wire', async () => {
    const alice = await signIn(app, secret, database().db);
    const dueAt = new Date('2031-02-03T04:05:06.789Z');
    const created = await alice.mutation('tasks.create', {
      title: ' Over HTTP ',
      dueAt,
      tags: ['Web'],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ title: 'Over HTTP', dueAt, tags: ['web'], version: 1 });
    const task = created.body as { id: string; createdAt: unknown };
    expect(task.createdAt).toBeInstanceOf(Date);

    const list = await alice.query('tasks.list', { sort: 'due' });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });

    const updated = await alice.mutation('tasks.update', {
      id: task.id,
      version: 1,
      priority: 'high',
    });
    expect(updated.body).toMatchObject({ priority: 'high', version: 2 });
    const done = await alice.mutation('tasks.setCompleted', { id: task.id, completed: true });
    expect(done.body).toMatchObject({ completed: true, version: 3 });
    expect(await alice.query('tasks.stats')).toEqual({
      status: 200,
      body: { total: 1, active: 0, completed: 1, overdue: 0, dueToday: 0 },
    });
    expect(await alice.mutation('tasks.clearCompleted')).toEqual({
      status: 200,
      body: { deleted: 1 },
    });
  });

  it('answers 409 CONFLICT with the current task in data.details for a stale version', async () => {
    const alice = await signIn(app, secret, database().db);
    const { body: task } = await alice.mutation('tasks.create', { title: 'Contended' });
    const id = (task as { id: string }).id;
    const { body: current } = await alice.mutation('tasks.update', { id, version: 1, title: 'A' });
    const stale = await alice.mutation('tasks.update', { id, version: 1, title: 'B' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: {
        code: -32009,
        message:
          'This task was changed since you loaded it. Review the current version and try again.',
        data: { code: 'CONFLICT', httpStatus: 409, details: { current } },
      },
    });
  });

  it('answers 400 with zod field errors, 404 for another user’s task, 401 without a token', async () => {
    const alice = await signIn(app, secret, database().db);
    const bob = await signIn(app, secret, database().db);
    const invalid = await alice.mutation('tasks.create', { title: '', tags: ['x'.repeat(40)] });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      error: {
        data: {
          code: 'BAD_REQUEST',
          zodError: { fieldErrors: { title: ['Title is required'], tags: [expect.any(String)] } },
        },
      },
    });
    const { body: hers } = await alice.mutation('tasks.create', { title: 'Hers' });
    const foreign = await bob.query('tasks.get', { id: (hers as { id: string }).id });
    expect(foreign).toMatchObject({
      status: 404,
      body: { error: { message: 'Task not found', data: { code: 'NOT_FOUND' } } },
    });
    expect(JSON.stringify(foreign.body)).not.toContain('Hers');

    const anonymous = await app.inject({ method: 'GET', url: '/api/trpc/tasks.list' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers a batch of list and stats in one request', async () => {
    const alice = await signIn(app, secret, database().db);
    await alice.mutation('tasks.create', { title: 'Batched' });
    const input = encodeURIComponent(JSON.stringify({ 0: superjson.serialize({ limit: 10 }) }));
    const response = await app.inject({
      method: 'GET',
      url: `/api/trpc/tasks.list,tasks.stats?batch=1&input=${input}`,
      headers: alice.headers,
    });
    expect(response.statusCode).toBe(200);
    const answers = response.json<unknown[]>().map(decode);
    expect(answers).toMatchObject([
      { items: [{ title: 'Batched' }], nextCursor: null },
      { total: 1, active: 1 },
    ]);
  });
});
