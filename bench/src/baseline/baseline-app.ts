// The baseline: what an expert would hand-write for the same endpoints, with no framework between
// the route and the SQL. Fastify + jose (the same HS256 token, the same pinned claims) + `pg`'s
// `pool.query`. Every figure of Tasklane is reported as a ratio against these routes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { verify as verifyPassword } from '@node-rs/argon2';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import pg from 'pg';

export interface BaselineConfig {
  databaseUrl: string;
  /** The AUTH_SECRET the Tasklane server uses, so the same tokens are accepted. */
  secret: string;
  issuer: string;
  audience: string;
  /** The same pool size as the Tasklane server's. */
  poolMax: number;
  logLevel: string;
  /**
   * A second instance's streams: each create reaches them through PostgreSQL's notification, as it
   * reaches Tasklane's instances, rather than from the request that made it.
   */
  relay?: boolean;
}

export interface BaselineApp {
  app: FastifyInstance;
  close: () => Promise<void>;
}

/** The columns and order of a task as the API returns it (camelCase, no user id). */
const TASK_COLUMNS = `id, title, description, completed, priority, due_at as "dueAt", tags,
  created_at as "createdAt", updated_at as "updatedAt", completed_at as "completedAt", version`;

/** The default `tasks.list` page: newest first, 50 rows, one extra row to know if more exist. */
const LIST_SQL = `select ${TASK_COLUMNS} from tasks where user_id = $1
  order by created_at desc, id desc limit 51`;
const PAGE_SIZE = 50;

/** The same revocation semantics as Tasklane's `authenticate`: live, unexpired, right user. */
const SESSION_LIVE_SQL = `select 1 from sessions
  where id = $1 and user_id = $2 and revoked_at is null and expires_at > now()`;

/** The per-user cap is enforced in the same statement, as a hand-written route would. */
const CREATE_SQL = `insert into tasks (user_id, title)
  select $1, $2 where (select count(*) from tasks where user_id = $1) < 10000
  returning ${TASK_COLUMNS}`;

const ME_SQL = `select id, email, name, created_at as "createdAt" from users where id = $1`;

/** Tasklane's task change notifications (migration 0014), each beginning with its owner's id. */
const TASK_EVENTS_CHANNEL = 'tasklane_task_events';
const OWNER_LENGTH = 36;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Viewer {
  userId: string;
  sessionId: string;
}

interface TaskRow {
  id: string;
  createdAt: Date;
}

export async function buildBaselineApp(config: BaselineConfig): Promise<BaselineApp> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolMax });
  pool.on('error', () => {
    // An idle connection dropped; the pool replaces it.
  });
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(config.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );

  async function verifyToken(request: FastifyRequest): Promise<Viewer | null> {
    const header = request.headers.authorization;
    if (header === undefined || !header.startsWith('Bearer ')) return null;
    try {
      const { payload } = await jwtVerify(header.slice(7), key, {
        algorithms: ['HS256'],
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp', 'iat', 'sub', 'jti', 'sid'],
      });
      const { sub, sid } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string') return null;
      if (!UUID_PATTERN.test(sub) || !UUID_PATTERN.test(sid)) return null;
      return { userId: sub, sessionId: sid };
    } catch {
      return null;
    }
  }

  async function authenticate(request: FastifyRequest): Promise<Viewer | null> {
    const viewer = await verifyToken(request);
    if (viewer === null) return null;
    const live = await pool.query(SESSION_LIVE_SQL, [viewer.sessionId, viewer.userId]);
    return live.rowCount === 0 ? null : viewer;
  }

  function unauthorized(reply: FastifyReply): FastifyReply {
    return reply.code(401).send({ error: 'UNAUTHORIZED' });
  }

  async function listFor(userId: string): Promise<{ items: TaskRow[]; nextCursor: string | null }> {
    const { rows } = await pool.query<TaskRow>(LIST_SQL, [userId]);
    const items = rows.slice(0, PAGE_SIZE);
    const last = items.at(-1);
    const nextCursor =
      rows.length > PAGE_SIZE && last !== undefined
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')
        : null;
    return { items, nextCursor };
  }

  /**
   * The live streams of each person: the least a live endpoint can do on one instance. A create
   * is written to its person's streams from the request that made it, its frame made once for
   * them all: no event log read, no ids to resume from, no hub, no revocation, no limits. What
   * Tasklane's fan-out costs is measured against this (bench --live).
   */
  const streamsByUser = new Map<string, Set<ServerResponse>>();
  const listener = config.relay === true ? await relayNotifications() : undefined;

  /**
   * The least an instance can do with a change made on another one: the trigger's notification
   * (migration 0014: the owner's id, a space, the change as JSON) is written as it came to the
   * owner's streams, one frame for them all. No parse, no check against a log, no order kept
   * beyond the notifications' own.
   */
  async function relayNotifications(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    client.on('error', () => {
      // The bench ends; nothing to relay any more.
    });
    client.on('notification', ({ payload }) => {
      if (payload === undefined || payload[OWNER_LENGTH] !== ' ') return;
      const streams = streamsByUser.get(payload.slice(0, OWNER_LENGTH));
      if (streams === undefined) return;
      const frame = `data: ${payload.slice(OWNER_LENGTH + 1)}\n\n`;
      for (const response of streams) response.write(frame);
    });
    await client.connect();
    await client.query(`listen ${TASK_EVENTS_CHANNEL}`);
    return client;
  }

  const app = Fastify({ logger: { level: config.logLevel } });

  // Streams never end by themselves: closing the server ends them, as a shutdown would.
  app.addHook('preClose', (done) => {
    for (const streams of streamsByUser.values()) {
      for (const response of streams) response.end();
    }
    done();
  });

  app.get('/readyz', async () => {
    await pool.query('select 1');
    return { status: 'ready' };
  });

  app.get('/list', async (request, reply) => {
    const viewer = await authenticate(request);
    if (viewer === null) return unauthorized(reply);
    return listFor(viewer.userId);
  });

  // The same route without the revocation check: what the session lookup costs.
  app.get('/list-unchecked', async (request, reply) => {
    const viewer = await verifyToken(request);
    if (viewer === null) return unauthorized(reply);
    return listFor(viewer.userId);
  });

  app.get('/me', async (request, reply) => {
    const viewer = await authenticate(request);
    if (viewer === null) return unauthorized(reply);
    const { rows } = await pool.query(ME_SQL, [viewer.userId]);
    return rows[0] ?? unauthorized(reply);
  });

  app.post<{ Body: { title?: unknown } }>('/tasks', async (request, reply) => {
    const viewer = await authenticate(request);
    if (viewer === null) return unauthorized(reply);
    const title = request.body.title;
    if (typeof title !== 'string' || title.trim() === '' || title.length > 200) {
      return reply.code(400).send({ error: 'BAD_REQUEST' });
    }
    const { rows } = await pool.query<TaskRow>(CREATE_SQL, [viewer.userId, title.trim()]);
    const task = rows[0];
    if (task === undefined) return reply.code(403).send({ error: 'FORBIDDEN' });
    // A relay's streams get it from the notification, like those of any other instance.
    const streams = config.relay === true ? undefined : streamsByUser.get(viewer.userId);
    if (streams !== undefined) {
      const frame = `data: ${JSON.stringify({ type: 'upsert', task })}\n\n`;
      for (const response of streams) response.write(frame);
    }
    return task;
  });

  // The person's changes as Server-Sent Events, in the frames Tasklane's streams use (a
  // `connected` event, then data events), so the bench reads both with the same reader.
  app.get('/changes', async (request, reply) => {
    const viewer = await authenticate(request);
    if (viewer === null) return unauthorized(reply);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write('event: connected\ndata: {}\n\n');
    response.write(`data: ${JSON.stringify({ type: 'reset' })}\n\n`);
    const streams = streamsByUser.get(viewer.userId) ?? new Set<ServerResponse>();
    streamsByUser.set(viewer.userId, streams);
    streams.add(response);
    response.once('close', () => {
      streams.delete(response);
      if (streams.size === 0 && streamsByUser.get(viewer.userId) === streams) {
        streamsByUser.delete(viewer.userId);
      }
    });
  });

  // Sign-in without rate limits: the password check, a session, a refresh token and a JWT.
  app.post<{ Body: { email?: unknown; password?: unknown } }>('/signin', async (request, reply) => {
    const { email, password } = request.body;
    if (typeof email !== 'string' || typeof password !== 'string') {
      return reply.code(400).send({ error: 'BAD_REQUEST' });
    }
    const { rows } = await pool.query<{ id: string; password_hash: string }>(
      'select id, password_hash from users where lower(email) = lower($1)',
      [email.trim()],
    );
    const user = rows[0];
    if (user === undefined || !(await verifyPassword(user.password_hash, password))) {
      return unauthorized(reply);
    }
    const session = await pool.query<{ id: string }>(
      `insert into sessions (user_id, expires_at, user_agent)
         values ($1, now() + interval '30 days', $2) returning id`,
      [user.id, request.headers['user-agent'] ?? null],
    );
    const sessionId = session.rows[0]?.id;
    if (sessionId === undefined) return reply.code(500).send({ error: 'INTERNAL' });
    const refreshToken = randomBytes(32).toString('base64url');
    await pool.query('insert into refresh_tokens (token_hash, session_id) values ($1, $2)', [
      createHash('sha256').update(refreshToken).digest(),
      sessionId,
    ]);
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setSubject(user.id)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 900)
      .sign(key);
    return { userId: user.id, accessToken, refreshToken };
  });

  return {
    app,
    async close() {
      await app.close();
      await listener?.end();
      await pool.end();
    },
  };
}
