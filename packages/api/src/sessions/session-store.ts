// Sessions and their refresh tokens in the database. A session is what a sign-in creates and a
// sign-out revokes; its refresh tokens rotate on every use, and a used one presented again
// revokes the whole session (someone holds a copy). Revoking sets `revoked_at`; the trigger on
// `sessions` tells every instance (see session-validity.ts).
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { newRefreshToken, refreshTokenHash, type SuccessorOf } from './refresh-token';

type Db = Kysely<Database>;

export const USER_AGENT_MAX_LENGTH = 512;

export interface NewSession {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  fields: {
    userId: string;
    userAgent: string | undefined;
    ttlSeconds: number;
    /** The client a device login opened the session for, shown in the session list. */
    clientName?: string;
  },
): Promise<NewSession> {
  const session = await db
    .insertInto('sessions')
    .values({
      user_id: fields.userId,
      expires_at: sql<Date>`now() + make_interval(secs => ${fields.ttlSeconds})`,
      user_agent: fields.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      client_name: fields.clientName ?? null,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  const refreshToken = await addRefreshToken(db, session.id);
  return { sessionId: session.id, refreshToken, expiresAt: session.expires_at };
}

async function addRefreshToken(
  db: Db,
  sessionId: string,
  token: string = newRefreshToken(),
): Promise<string> {
  const hash = refreshTokenHash(token);
  if (hash === null) throw new Error('A new refresh token does not have the token format');
  await db
    .insertInto('refresh_tokens')
    .values({ token_hash: hash, session_id: sessionId })
    .execute();
  return token;
}

export type RotationResult =
  | { kind: 'rotated'; userId: string; sessionId: string; refreshToken: string; expiresAt: Date }
  /** A used token came back: the session is revoked now. */
  | { kind: 'reused'; revokedSessionIds: string[] }
  | { kind: 'invalid' };

export interface RotationPolicy {
  /** A session not refreshed for this long cannot be refreshed any more. */
  idleSeconds: number;
  /** A used token presented again within this long gets the same successor, not a revocation. */
  reuseWindowSeconds: number;
  /** The application's clock: when the token is used, and how long ago it was. */
  now: Date;
  successorOf: SuccessorOf;
}

/**
 * Exchanges a refresh token for its successor. Two requests racing with one token: the row lock
 * makes the second see the first one's `used_at`; within the reuse window it gets the same
 * successor (a lost response must not sign the person out), after it the session is revoked.
 */
export async function rotateRefreshToken(
  db: Db,
  token: string,
  policy: RotationPolicy,
): Promise<RotationResult> {
  const { idleSeconds, now } = policy;
  const hash = refreshTokenHash(token);
  if (hash === null) return { kind: 'invalid' };
  return db.transaction().execute(async (trx): Promise<RotationResult> => {
    const found = await trx
      .selectFrom('refresh_tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .select([
        't.used_at',
        's.id as sessionId',
        's.revoked_at',
        's.expires_at',
        sql<boolean>`s.expires_at > now() and s.last_used_at > now() - make_interval(secs => ${idleSeconds})`.as(
          'current',
        ),
        's.user_id as userId',
      ])
      .where('t.token_hash', '=', hash)
      .forUpdate('t')
      .executeTakeFirst();
    if (found === undefined) return { kind: 'invalid' };
    const live = found.revoked_at === null && found.current;
    if (found.used_at !== null && live && withinReuseWindow(found.used_at, policy)) {
      return {
        kind: 'rotated',
        userId: found.userId,
        sessionId: found.sessionId,
        refreshToken: policy.successorOf(token),
        expiresAt: found.expires_at,
      };
    }
    if (found.used_at !== null) {
      const revokedSessionIds = await revokeSessions(trx, {
        userId: found.userId,
        sessionId: found.sessionId,
      });
      return { kind: 'reused', revokedSessionIds };
    }
    if (!live) return { kind: 'invalid' };

    await trx
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .execute();
    await trx
      .updateTable('sessions')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', found.sessionId)
      .execute();
    const refreshToken = await addRefreshToken(trx, found.sessionId, policy.successorOf(token));
    return {
      kind: 'rotated',
      userId: found.userId,
      sessionId: found.sessionId,
      refreshToken,
      expiresAt: found.expires_at,
    };
  });
}

function withinReuseWindow(usedAt: Date, policy: RotationPolicy): boolean {
  const elapsedMs = policy.now.getTime() - usedAt.getTime();
  return elapsedMs >= 0 && elapsedMs < policy.reuseWindowSeconds * 1000;
}

/** The live session a refresh token belongs to (used or not), for cookie-based sign-out. */
export async function sessionOfRefreshToken(
  db: Db,
  token: string,
): Promise<{ sessionId: string; userId: string } | null> {
  const hash = refreshTokenHash(token);
  if (hash === null) return null;
  const found = await db
    .selectFrom('refresh_tokens as t')
    .innerJoin('sessions as s', 's.id', 't.session_id')
    .select(['s.id as sessionId', 's.user_id as userId'])
    .where('t.token_hash', '=', hash)
    .where('s.revoked_at', 'is', null)
    .executeTakeFirst();
  return found ?? null;
}

/**
 * Revokes live sessions of one user: one session, or all of them (optionally but one).
 * Returns the ids it revoked; the trigger notifies every instance when the transaction commits.
 */
export async function revokeSessions(
  db: Db,
  scope: { userId: string; sessionId?: string; exceptSessionId?: string },
): Promise<string[]> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('user_id', '=', scope.userId)
    .where('revoked_at', 'is', null);
  if (scope.sessionId !== undefined) query = query.where('id', '=', scope.sessionId);
  if (scope.exceptSessionId !== undefined) query = query.where('id', '!=', scope.exceptSessionId);
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}

/**
 * Deletes a user's live sessions (before the user is deleted) and returns their ids, so every
 * instance can forget them at once.
 */
export async function deleteLiveSessions(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** When a live session of this user ends, or null when it is revoked, expired or not theirs. */
export async function liveSessionExpiry(
  db: Db,
  session: { sessionId: string; userId: string },
): Promise<Date | null> {
  const row = await db
    .selectFrom('sessions')
    .select('expires_at')
    .where('id', '=', session.sessionId)
    .where('user_id', '=', session.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row === undefined ? null : row.expires_at;
}

export interface LiveSession {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  userAgent: string | null;
  /** Set for a session a device login opened ("Tasklane CLI on build-box"). */
  clientName: string | null;
}

/** Sessions that can still be used: not revoked, not expired, used within the idle limit. */
export async function liveSessions(
  db: Db,
  userId: string,
  idleSeconds: number,
): Promise<LiveSession[]> {
  return db
    .selectFrom('sessions')
    .select([
      'id',
      'created_at as createdAt',
      'last_used_at as lastUsedAt',
      'user_agent as userAgent',
      'client_name as clientName',
    ])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_used_at', '>', sql<Date>`now() - make_interval(secs => ${idleSeconds})`)
    .orderBy('last_used_at', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * Deletes a user's sessions that can never be used again (expired, idle too long, or revoked a
 * day ago), with their refresh tokens. Run on sign-in, so the tables do not grow without end.
 */
export async function pruneSessions(db: Db, userId: string, idleSeconds: number): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('last_used_at', '<=', sql<Date>`now() - make_interval(secs => ${idleSeconds})`),
        eb('revoked_at', '<=', sql<Date>`now() - interval '1 day'`),
      ]),
    )
    .execute();
}
