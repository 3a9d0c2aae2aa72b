// Answers "is this session still live?" for every authenticated request, usually without a
// database round trip: a per-process cache of sessions known to be live, which a database trigger
// invalidates on every instance through PostgreSQL NOTIFY when a revocation commits.
//
// A revoking request does not answer until every subscribed instance has processed the
// revocation: it sends a barrier notification after its transaction commits, and each instance
// acknowledges the barrier once it has handled everything before it (PostgreSQL delivers
// notifications in commit order). So the very next request, to any instance, is refused.
//
// It fails closed: while the subscription is not established (starting, reconnecting, or no
// subscription available), nothing is cached and every request asks the database.
import { randomUUID } from 'node:crypto';

import { sql, type Kysely } from 'kysely';

import { listenStatementPattern, type Database } from '@tasklane/db';

import { silentLogger, type Logger } from '../logger';
import { liveSessionExpiry } from './session-store';

/**
 * `s:<session id>`: sent by the `sessions` trigger (migration 0001) when a live session is revoked,
 * shortened or deleted. `b:<nonce>` / `a:<nonce>`: a revoker's barrier and its acknowledgements.
 */
export const SESSION_REVOKED_CHANNEL = 'tasklane_session_revoked';

/** The part of `TasklaneDatabase` this needs; PGlite and PostgreSQL both provide it. */
export interface NotificationSource {
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onClose?: (error: Error | undefined) => void,
  ): Promise<() => Promise<void>>;
}

export interface SessionCacheOptions {
  /** A safety net, not the mechanism: a cached session is re-read after this long. Default 60 s. */
  ttlMs?: number;
  /** Default 50,000 sessions (a few MB). */
  maxEntries?: number;
  /**
   * How long a revoking request waits for every instance to acknowledge. An instance that does
   * not answer in time (wedged) is logged; the revocation stands in the database. Default 1 s.
   */
  ackTimeoutMs?: number;
  /** First delay before re-subscribing after the connection is lost; doubles up to 30 s. */
  reconnectDelayMs?: number;
}

export type SessionValidityMode = 'direct' | 'connecting' | 'cached' | 'closed';

export interface SessionValidityStats {
  mode: SessionValidityMode;
  /** Checks answered from the cache / from the database. */
  hits: number;
  misses: number;
  size: number;
}

export interface SessionValidity {
  /** True while the session exists, belongs to the user, and is neither revoked nor expired. */
  isLive(sessionId: string, userId: string): Promise<boolean>;
  /**
   * Call after a revocation has committed: forgets the sessions here at once, then waits (bounded)
   * until every instance subscribed to revocations has processed it.
   */
  revoked(sessionIds: readonly string[]): Promise<void>;
  stats(): SessionValidityStats;
  /**
   * Calls `listener` with a session id whenever a revocation is heard of (made here or announced
   * by another instance), and with null when any session may have been revoked unheard (the
   * subscription was lost, or a message was not understood), so long-lived work tied to a session
   * (live streams) can end at once. Returns a function that removes the listener.
   */
  onRevocation(listener: RevocationListener): () => void;
  /** Resolves once the first subscription attempt has finished (successfully or not). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export type RevocationListener = (sessionId: string | null) => void;

export interface SessionValidityConfig {
  db: Kysely<Database>;
  /** Without a source, or with `cache: false`, every check reads the database. */
  notifications?: NotificationSource | undefined;
  cache?: SessionCacheOptions | false | undefined;
  logger?: Logger | undefined;
}

interface CachedSession {
  userId: string;
  /** Date.now() after which the entry must not be used. */
  until: number;
}

interface Barrier {
  acks: number;
  /** Subscribed instances when the barrier was sent; unknown until that query returns. */
  expected: number | undefined;
  release: () => void;
}

const MAX_RECONNECT_DELAY_MS = 30_000;

export function createSessionValidity(config: SessionValidityConfig): SessionValidity {
  const logger = config.logger ?? silentLogger;
  const cacheOptions = config.cache === false ? undefined : (config.cache ?? {});
  const notifications = cacheOptions === undefined ? undefined : config.notifications;
  const ttlMs = cacheOptions?.ttlMs ?? 60_000;
  const maxEntries = cacheOptions?.maxEntries ?? 50_000;
  const ackTimeoutMs = cacheOptions?.ackTimeoutMs ?? 1000;
  const baseReconnectDelayMs = cacheOptions?.reconnectDelayMs ?? 500;

  const cache = new Map<string, CachedSession>();
  const revocationListeners = new Set<RevocationListener>();
  const announce = (sessionId: string | null): void => {
    for (const listener of revocationListeners) listener(sessionId);
  };
  const barriers = new Map<string, Barrier>();
  let mode: SessionValidityMode = notifications === undefined ? 'direct' : 'connecting';
  // Read through a function after an await: the mode may have changed meanwhile.
  const currentMode = (): SessionValidityMode => mode;
  // Bumped by every revocation heard of and every change of mode: a database read that started
  // before a bump may have seen a session that is revoked by now, so its answer is not cached.
  let epoch = 0;
  let hits = 0;
  let misses = 0;
  let attempt = 0;
  let unlisten: (() => Promise<void>) | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelayMs = baseReconnectDelayMs;

  const forgetEverything = (): void => {
    epoch += 1;
    cache.clear();
    // Nobody can acknowledge through a lost subscription: let waiting revokers answer.
    for (const barrier of barriers.values()) barrier.release();
    announce(null);
  };

  const notify = (payload: string): void => {
    sql`select pg_notify(${SESSION_REVOKED_CHANNEL}, ${payload})`
      .execute(config.db)
      .catch((error: unknown) => {
        logger.warn(
          { event: 'auth.revocation_ack_failed', err: error },
          'could not acknowledge a session revocation barrier',
        );
      });
  };

  const onPayload = (payload: string): void => {
    const kind = payload.slice(0, 2);
    const value = payload.slice(2);
    switch (kind) {
      case 's:':
        epoch += 1;
        cache.delete(value);
        announce(value);
        return;
      case 'b:':
        // Everything sent before this barrier has been handled above: say so.
        notify(`a:${value}`);
        return;
      case 'a:': {
        const barrier = barriers.get(value);
        if (barrier === undefined) return;
        barrier.acks += 1;
        if (barrier.expected !== undefined && barrier.acks >= barrier.expected) barrier.release();
        return;
      }
      default:
        // Not a message we understand: the only safe reading is "anything may be revoked".
        epoch += 1;
        cache.clear();
        announce(null);
    }
  };

  const scheduleReconnect = (): void => {
    if (mode === 'closed' || reconnectTimer !== undefined) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void subscribe();
    }, reconnectDelayMs);
    reconnectTimer.unref();
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
  };

  const onClose = (thisAttempt: number) => (error: Error | undefined) => {
    if (thisAttempt !== attempt || mode === 'closed') return;
    logger.warn(
      { event: 'auth.revocation_listener_lost', err: error },
      'session revocation listener lost; checking every session in the database until it is back',
    );
    unlisten = undefined;
    mode = 'connecting';
    forgetEverything();
    scheduleReconnect();
  };

  const subscribe = async (): Promise<void> => {
    if (notifications === undefined || mode === 'closed') return;
    attempt += 1;
    const thisAttempt = attempt;
    mode = 'connecting';
    forgetEverything();
    try {
      const stop = await notifications.listen(
        SESSION_REVOKED_CHANNEL,
        onPayload,
        onClose(thisAttempt),
      );
      if (thisAttempt !== attempt || currentMode() === 'closed') {
        await stop();
        return;
      }
      unlisten = stop;
      mode = 'cached';
      reconnectDelayMs = baseReconnectDelayMs;
      forgetEverything();
    } catch (error) {
      if (thisAttempt !== attempt || currentMode() === 'closed') return;
      logger.warn(
        { event: 'auth.revocation_listener_failed', err: error },
        'could not subscribe to session revocations; checking every session in the database',
      );
      scheduleReconnect();
    }
  };

  const firstAttempt = subscribe();

  const readFromDatabase = (sessionId: string, userId: string): Promise<Date | null> =>
    liveSessionExpiry(config.db, { sessionId, userId });

  const remember = (sessionId: string, userId: string, expiresAt: Date): void => {
    if (cache.size >= maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(sessionId, { userId, until: Math.min(Date.now() + ttlMs, expiresAt.getTime()) });
  };

  /**
   * Sends a barrier and waits for every subscribed instance to acknowledge it. The listener count
   * comes from pg_stat_activity in the same round trip; PGlite shows none, and needs none: it
   * delivers notifications to every subscriber before the notifying query returns.
   */
  const awaitEveryInstance = async (): Promise<void> => {
    const nonce = randomUUID();
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const barrier: Barrier = { acks: 0, expected: undefined, release };
    barriers.set(nonce, barrier);
    const timer = setTimeout(() => {
      logger.warn(
        {
          event: 'auth.revocation_ack_timeout',
          expected: barrier.expected,
          acks: barrier.acks,
          timeoutMs: ackTimeoutMs,
        },
        'not every instance acknowledged a session revocation in time',
      );
      release();
    }, ackTimeoutMs);
    try {
      const { rows } = await sql<{ listeners: number }>`
        select pg_notify(${SESSION_REVOKED_CHANNEL}, ${`b:${nonce}`}),
          (select count(*) from pg_stat_activity
            where datname = current_database()
              and query ~ ${listenStatementPattern(SESSION_REVOKED_CHANNEL)})::int as listeners
      `.execute(config.db);
      barrier.expected = rows[0]?.listeners ?? 0;
      if (barrier.acks >= barrier.expected) release();
      await released;
    } catch (error) {
      logger.warn(
        { event: 'auth.revocation_barrier_failed', err: error },
        'could not confirm that every instance heard of a session revocation',
      );
    } finally {
      clearTimeout(timer);
      barriers.delete(nonce);
    }
  };

  return {
    async isLive(sessionId, userId) {
      if (mode === 'cached') {
        const entry = cache.get(sessionId);
        if (entry !== undefined && entry.userId === userId && entry.until > Date.now()) {
          hits += 1;
          return true;
        }
      }
      misses += 1;
      const epochBefore = epoch;
      const cachingBefore = mode === 'cached';
      const expiresAt = await readFromDatabase(sessionId, userId);
      if (expiresAt === null) return false;
      if (cachingBefore && currentMode() === 'cached' && epoch === epochBefore) {
        remember(sessionId, userId, expiresAt);
      }
      return true;
    },

    async revoked(sessionIds) {
      epoch += 1;
      for (const id of sessionIds) {
        cache.delete(id);
        announce(id);
      }
      // Acknowledgements arrive through our own subscription; without one we cannot wait.
      if (sessionIds.length === 0 || mode !== 'cached') return;
      await awaitEveryInstance();
    },

    stats: () => ({ mode, hits, misses, size: cache.size }),

    onRevocation(listener) {
      revocationListeners.add(listener);
      return () => {
        revocationListeners.delete(listener);
      };
    },

    ready: () => firstAttempt,

    async close() {
      mode = 'closed';
      attempt += 1;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      forgetEverything();
      const stop = unlisten;
      unlisten = undefined;
      await stop?.();
    },
  };
}
