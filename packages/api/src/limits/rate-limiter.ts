// Counters in the `rate_limits` table, so a limit holds across every server instance. Each key has
// a fixed window that opens at its first hit; one atomic upsert counts a hit and tells whether the
// limit is passed, with the database's clock so instances never disagree about time.
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

export interface RateLimit {
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateLimitVerdict =
  | { allowed: true }
  | {
      allowed: false;
      /** Whole seconds until the window ends (at least 1). */ retryAfterSeconds: number;
    };

export type UnitsVerdict =
  | {
      allowed: true;
      units: number;
      /** Milliseconds until the window the units belong to ends. */ windowEndsInMs: number;
    }
  | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts a hit; refused when this hit goes past the limit. */
  hit(key: string, rule: RateLimit): Promise<RateLimitVerdict>;
  /**
   * Takes one unit of the limit in the same statement that checks it: refused (and nothing
   * counted) when the window's units are all taken. Concurrent reservations on any number of
   * instances never take more than `limit` units.
   */
  reserve(key: string, rule: RateLimit): Promise<RateLimitVerdict>;
  /**
   * Takes `units` units at once when they are all left in the window, else one when one is left
   * (the same atomic check as `reserve`). A process that serves many requests under one key spends
   * them locally, so it writes once per `units` requests instead of once per request.
   */
  reserveUnits(key: string, rule: RateLimit, units: number): Promise<UnitsVerdict>;
  /** Gives back one reserved unit, e.g. when the attempt it held turned out to succeed. */
  release(key: string): Promise<void>;
  /** Whether the limit is already reached, without counting anything. */
  peek(key: string, rule: RateLimit): Promise<RateLimitVerdict>;
  reset(key: string): Promise<void>;
}

/** Expired windows are deleted at most this often, by whichever request comes along. */
const PRUNE_INTERVAL_MS = 10 * 60_000;
/** Rows older than this are expired under any rule we use. */
const PRUNE_AFTER_SECONDS = 24 * 3600;

export function createRateLimiter(db: Kysely<Database>): RateLimiter {
  let lastPrune = Date.now();

  const pruneNowAndThen = async (): Promise<void> => {
    if (Date.now() - lastPrune < PRUNE_INTERVAL_MS) return;
    lastPrune = Date.now();
    await db
      .deleteFrom('rate_limits')
      .where('window_start', '<', sql<Date>`now() - make_interval(secs => ${PRUNE_AFTER_SECONDS})`)
      .execute();
  };

  const peek = async (key: string, rule: RateLimit): Promise<RateLimitVerdict> => {
    const window = sql`make_interval(secs => ${rule.windowSeconds})`;
    const row = await db
      .selectFrom('rate_limits')
      .select([
        'hits',
        sql<number>`ceil(extract(epoch from (window_start + ${window} - now())))::int`.as(
          'retry_after',
        ),
      ])
      .where('key', '=', key)
      .where('window_start', '>', sql<Date>`now() - ${window}`)
      .executeTakeFirst();
    if (row === undefined || row.hits < rule.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, row.retry_after) };
  };

  return {
    async hit(key, rule) {
      await pruneNowAndThen();
      const window = sql`make_interval(secs => ${rule.windowSeconds})`;
      const { rows } = await sql<{ hits: number; retry_after: number }>`
        insert into rate_limits as r (key, window_start, hits)
        values (${key}, now(), 1)
        on conflict (key) do update set
          window_start = case when r.window_start <= now() - ${window} then now() else r.window_start end,
          hits = case when r.window_start <= now() - ${window} then 1 else least(r.hits + 1, 1000000) end
        returning hits, ceil(extract(epoch from (window_start + ${window} - now())))::int as retry_after
      `.execute(db);
      const row = rows[0];
      if (row === undefined || row.hits <= rule.limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, row.retry_after) };
    },

    async reserve(key, rule) {
      await pruneNowAndThen();
      const window = sql`make_interval(secs => ${rule.windowSeconds})`;
      // ON CONFLICT DO UPDATE locks the row and evaluates WHERE on its latest version, so the
      // check and the count are one atomic step; a refused reservation updates nothing.
      const { rows } = await sql<{ hits: number }>`
        insert into rate_limits as r (key, window_start, hits)
        values (${key}, now(), 1)
        on conflict (key) do update set
          window_start = case when r.window_start <= now() - ${window} then now() else r.window_start end,
          hits = case when r.window_start <= now() - ${window} then 1 else r.hits + 1 end
        where r.window_start <= now() - ${window} or r.hits < ${rule.limit}
        returning hits
      `.execute(db);
      if (rows.length > 0) return { allowed: true };
      const verdict = await peek(key, rule);
      // The window ended between the two statements: the next attempt will be let through.
      return verdict.allowed ? { allowed: false, retryAfterSeconds: 1 } : verdict;
    },

    async reserveUnits(key, rule, units) {
      await pruneNowAndThen();
      const window = sql`make_interval(secs => ${rule.windowSeconds})`;
      for (const take of units > 1 ? [units, 1] : [1]) {
        const { rows } = await sql<{ ends_in_ms: number }>`
          insert into rate_limits as r (key, window_start, hits)
          values (${key}, now(), ${take})
          on conflict (key) do update set
            window_start = case when r.window_start <= now() - ${window} then now() else r.window_start end,
            hits = case when r.window_start <= now() - ${window} then ${take} else r.hits + ${take} end
          where r.window_start <= now() - ${window} or r.hits + ${take} <= ${rule.limit}
          returning (extract(epoch from (window_start + ${window} - now())) * 1000)::float8 as ends_in_ms
        `.execute(db);
        const row = rows[0];
        if (row !== undefined)
          return { allowed: true, units: take, windowEndsInMs: row.ends_in_ms };
      }
      const verdict = await peek(key, rule);
      return verdict.allowed ? { allowed: false, retryAfterSeconds: 1 } : verdict;
    },

    async release(key) {
      // The last unit deletes the row (hits must stay positive); one statement, so a concurrent
      // reservation sees either the old or the new count.
      await sql`
        with emptied as (delete from rate_limits where key = ${key} and hits <= 1 returning key)
        update rate_limits set hits = hits - 1 where key = ${key} and hits > 1
      `.execute(db);
    },

    peek,

    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
  };
}
