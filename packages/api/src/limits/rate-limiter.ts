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

export interface RateLimiter {
  /** Counts a hit; refused when this hit goes past the limit. */
  hit(key: string, rule: RateLimit): Promise<RateLimitVerdict>;
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

    async peek(key, rule) {
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
    },

    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
  };
}
