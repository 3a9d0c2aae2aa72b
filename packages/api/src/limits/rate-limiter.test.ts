import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { createRateLimiter } from './rate-limiter';

const rule = { limit: 3, windowSeconds: 60 };

describeEachDatabase('rate limiter', (database) => {
  it('allows `limit` hits per window, then refuses with the time left', async () => {
    const limiter = createRateLimiter(database().db);
    const key = `test:${randomUUID()}`;
    const verdicts = [];
    for (let hit = 0; hit < 5; hit += 1) verdicts.push(await limiter.hit(key, rule));
    expect(verdicts.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    for (const verdict of verdicts.slice(3)) {
      expect(verdict.allowed).toBe(false);
      if (!verdict.allowed) {
        expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
    }
  });

  it('counts concurrent hits exactly (one atomic upsert each)', async () => {
    const limiter = createRateLimiter(database().db);
    const key = `test:${randomUUID()}`;
    const verdicts = await Promise.all(
      Array.from({ length: 12 }, () => limiter.hit(key, { limit: 5, windowSeconds: 60 })),
    );
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
  });

  it('peeks without counting, and reports a reached limit', async () => {
    const limiter = createRateLimiter(database().db);
    const key = `test:${randomUUID()}`;
    expect(await limiter.peek(key, rule)).toEqual({ allowed: true });
    for (let hit = 0; hit < 2; hit += 1) await limiter.hit(key, rule);
    expect(await limiter.peek(key, rule)).toEqual({ allowed: true });
    expect(await limiter.peek(key, rule)).toEqual({ allowed: true });
    await limiter.hit(key, rule);
    expect((await limiter.peek(key, rule)).allowed).toBe(false);
  });

  it('opens a new window once the old one has passed, and forgets a key on reset', async () => {
    const { db } = database();
    const limiter = createRateLimiter(db);
    const key = `test:${randomUUID()}`;
    for (let hit = 0; hit < 4; hit += 1) await limiter.hit(key, rule);
    expect((await limiter.hit(key, rule)).allowed).toBe(false);

    await db
      .updateTable('rate_limits')
      .set({ window_start: sql<Date>`now() - interval '61 seconds'` })
      .where('key', '=', key)
      .execute();
    expect(await limiter.peek(key, rule)).toEqual({ allowed: true });
    expect(await limiter.hit(key, rule)).toEqual({ allowed: true });

    for (let hit = 0; hit < 3; hit += 1) await limiter.hit(key, rule);
    expect((await limiter.peek(key, rule)).allowed).toBe(false);
    await limiter.reset(key);
    expect(await limiter.peek(key, rule)).toEqual({ allowed: true });
  });

  it('keeps separate counts for separate keys, shared by every limiter on the database', async () => {
    const { db } = database();
    const [one, other] = [createRateLimiter(db), createRateLimiter(db)];
    const key = `test:${randomUUID()}`;
    for (let hit = 0; hit < 3; hit += 1) await one.hit(key, rule);
    // A second instance sees the first one's hits: the limit holds across servers.
    expect((await other.hit(key, rule)).allowed).toBe(false);
    expect(await other.hit(`${key}:else`, rule)).toEqual({ allowed: true });
  });

  it('reserves at most `limit` units under concurrency, in one statement with the check', async () => {
    const { db } = database();
    const [one, other] = [createRateLimiter(db), createRateLimiter(db)];
    const key = `test:${randomUUID()}`;
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? one : other).reserve(key, { limit: 5, windowSeconds: 60 }),
      ),
    );
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
    const row = await db
      .selectFrom('rate_limits')
      .select('hits')
      .where('key', '=', key)
      .executeTakeFirst();
    // Refused reservations count nothing.
    expect(row?.hits).toBe(5);
  });

  it('gives a reserved unit back on release, deleting the row with the last one', async () => {
    const { db } = database();
    const limiter = createRateLimiter(db);
    const key = `test:${randomUUID()}`;
    for (let unit = 0; unit < 3; unit += 1) await limiter.reserve(key, rule);
    expect((await limiter.reserve(key, rule)).allowed).toBe(false);
    await limiter.release(key);
    expect(await limiter.reserve(key, rule)).toEqual({ allowed: true });
    for (let unit = 0; unit < 3; unit += 1) await limiter.release(key);
    const rows = await db.selectFrom('rate_limits').select('hits').where('key', '=', key).execute();
    expect(rows).toEqual([]);
    await limiter.release(key);
    expect(await limiter.reserve(key, rule)).toEqual({ allowed: true });
  });
});
