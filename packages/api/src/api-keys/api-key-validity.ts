// Authenticates a request made with an API key, usually without a database round trip: a
// per-process cache of keys known to be valid, emptied of a key when its revocation is announced.
// Revocation uses the sessions' mechanism (session-validity.ts): the api_keys trigger sends the
// key id on the same channel, and a revoking request waits until every instance has heard it,
// so the very next request with the key, to any instance, is refused. While that subscription is
// not established, nothing is cached and every request reads the database.
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { API_KEY_SCOPES, type ApiKeyScope } from '../contract/api-key-rules';
import { silentLogger, type Logger } from '../logger';
import type { SessionValidity } from '../sessions/session-validity';
import type { ApiKeyRequestLimit } from './api-key-request-limit';
import { apiKeyByHash, recordApiKeyUses, type StoredApiKey } from './api-key-scope';
import { apiKeyHash } from './api-key-secret';

/** `lastUsedAt` is written at most this often per key. */
export const LAST_USED_INTERVAL_MS = 60_000;
/**
 * Uses are written in the background, all keys' together, at most this long after the request:
 * many quiet keys then cost one statement a second instead of a write on their requests.
 */
export const USE_FLUSH_DELAY_MS = 1000;
/** Uses written per statement. */
const USE_FLUSH_BATCH = 500;

export interface ApiKeyViewer {
  kind: 'apiKey';
  userId: string;
  keyId: string;
  scopes: readonly ApiKeyScope[];
  /** Null: never expires. */
  expiresAt: Date | null;
}

export interface ApiKeyValidityStats {
  hits: number;
  misses: number;
  size: number;
}

export interface ApiKeyValidity {
  /**
   * The key behind a secret, or null when it is unknown, revoked or expired (told apart nowhere).
   * Counts the request against the key's limit (RateLimitedError past it) and records its use.
   */
  authenticate(secret: string): Promise<ApiKeyViewer | null>;
  /** Call after a key's deletion has committed: forgets it everywhere before answering. */
  revoked(keyId: string): Promise<void>;
  stats(): ApiKeyValidityStats;
  /** Writes the uses not yet written (the background write does it within a second). */
  flushUses(): Promise<void>;
  /** Stops the background write after writing what is pending. */
  close(): Promise<void>;
}

export interface ApiKeyValidityConfig {
  db: Kysely<Database>;
  sessions: SessionValidity;
  limit: ApiKeyRequestLimit;
  clock: () => Date;
  /** A safety net, as for sessions: a cached key is re-read after this long. Default 60 s. */
  ttlMs?: number;
  /** Default 50,000 keys. */
  maxEntries?: number;
  /** Where a failed background write of uses is reported. */
  logger?: Logger;
}

interface CachedKey {
  key: StoredApiKey;
  scopes: readonly ApiKeyScope[];
  /** Date.now() after which the entry must be re-read. */
  until: number;
}

const KNOWN_SCOPES: ReadonlySet<string> = new Set(API_KEY_SCOPES);

/** Scopes this server knows; one dropped from the list since grants nothing. */
function knownScopes(scopes: readonly string[]): ApiKeyScope[] {
  return scopes.filter((scope): scope is ApiKeyScope => KNOWN_SCOPES.has(scope));
}

export function createApiKeyValidity(config: ApiKeyValidityConfig): ApiKeyValidity {
  const ttlMs = config.ttlMs ?? 60_000;
  const maxEntries = config.maxEntries ?? 50_000;
  /** By the base64 of the secret's hash; `hashOf` finds an entry by key id for revocations. */
  const cache = new Map<string, CachedKey>();
  const hashOf = new Map<string, string>();
  // Bumped by every revocation heard of: a read that started before may have seen a key that is
  // gone by now, so its answer is not cached.
  let epoch = 0;
  let hits = 0;
  let misses = 0;

  const forget = (keyId: string | null): void => {
    epoch += 1;
    if (keyId === null) {
      cache.clear();
      hashOf.clear();
      return;
    }
    const hash = hashOf.get(keyId);
    if (hash === undefined) return;
    hashOf.delete(keyId);
    cache.delete(hash);
  };
  // Session ids and key ids are UUIDs of different tables: an id that is not a cached key's is
  // simply not found here.
  const stopListening = config.sessions.onRevocation(forget);
  const caching = (): boolean => config.sessions.stats().mode === 'cached';

  const remember = (hash: string, entry: CachedKey): void => {
    if (cache.size >= maxEntries) {
      const oldest = cache.entries().next();
      if (oldest.done !== true) {
        cache.delete(oldest.value[0]);
        hashOf.delete(oldest.value[1].key.id);
      }
    }
    cache.set(hash, entry);
    hashOf.set(entry.key.id, hash);
  };

  const lookUp = async (hash: Buffer): Promise<CachedKey | undefined> => {
    const cacheKey = hash.toString('base64');
    const cached = caching() ? cache.get(cacheKey) : undefined;
    if (cached !== undefined && cached.until > Date.now()) {
      hits += 1;
      return cached;
    }
    misses += 1;
    const epochBefore = epoch;
    const cachingBefore = caching();
    const key = await apiKeyByHash(config.db, hash);
    if (key === undefined) return undefined;
    const entry = { key, scopes: knownScopes(key.scopes), until: Date.now() + ttlMs };
    if (cachingBefore && caching() && epoch === epochBefore) remember(cacheKey, entry);
    return entry;
  };

  const logger = config.logger ?? silentLogger;
  /** Uses to write, by key id: the latest use of each. */
  const pendingUses = new Map<string, Date>();
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const writeUses = async (): Promise<void> => {
    while (pendingUses.size > 0) {
      const batch = [...pendingUses].slice(0, USE_FLUSH_BATCH);
      for (const [id] of batch) pendingUses.delete(id);
      await recordApiKeyUses(
        config.db,
        batch.map(([id, at]) => ({ id, at })),
        LAST_USED_INTERVAL_MS,
      );
    }
  };
  const flushUses = (): Promise<void> => {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    flushing = flushing.then(writeUses).catch((error: unknown) => {
      logger.warn(
        { event: 'auth.api_key_use_write_failed', err: error },
        'could not record when API keys were last used',
      );
    });
    return flushing;
  };

  const recordUse = (key: StoredApiKey, now: Date): void => {
    const last = key.lastUsedAt;
    if (last !== null && now.getTime() - last.getTime() < LAST_USED_INTERVAL_MS) return;
    // Set first, so the requests that arrive meanwhile do not record it again.
    key.lastUsedAt = now;
    pendingUses.set(key.id, now);
    if (flushTimer === undefined) {
      flushTimer = setTimeout(() => void flushUses(), USE_FLUSH_DELAY_MS);
      flushTimer.unref();
    }
  };

  return {
    async authenticate(secret) {
      const hash = apiKeyHash(secret);
      if (hash === null) return null;
      const entry = await lookUp(hash);
      if (entry === undefined) return null;
      const { key } = entry;
      const now = config.clock();
      if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return null;
      await config.limit.count(key.id);
      recordUse(key, now);
      return {
        kind: 'apiKey',
        userId: key.userId,
        keyId: key.id,
        scopes: entry.scopes,
        expiresAt: key.expiresAt,
      };
    },

    async revoked(keyId) {
      forget(keyId);
      await config.sessions.revoked([keyId]);
    },

    stats: () => ({ hits, misses, size: cache.size }),

    flushUses,

    async close() {
      stopListening();
      await flushUses();
      cache.clear();
      hashOf.clear();
    },
  };
}
