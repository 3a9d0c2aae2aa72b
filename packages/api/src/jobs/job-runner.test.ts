import { randomUUID } from 'node:crypto';

import { afterEach, expect, it, vi } from 'vitest';

import {
  createDatabase,
  sql,
  type Database,
  type Kysely,
  type TasklaneDatabase,
} from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { claimJobs, completeJob, completeJobs } from './job-claims';
import { enqueueJob } from './job-queue';
import {
  createJobRunner,
  type BatchJobHandler,
  type JobHandler,
  type JobRunner,
} from './job-runner';
import { jobRow, recordingLogger, waitForJobsSettled } from './job-test-support';

const runners: JobRunner[] = [];
const extraDatabases: TasklaneDatabase[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(extraDatabases.splice(0).map((database) => database.destroy()));
});

function track(runner: JobRunner): JobRunner {
  runners.push(runner);
  return runner;
}

/** A fresh kind per test, so tests sharing a database never see each other's jobs. */
function newKind(): string {
  return `test.${randomUUID()}`;
}

describeEachDatabase('job runner', (database, target) => {
  /** The database as another instance reaches it: on PostgreSQL, through a pool of its own. */
  function instanceDb(): Kysely<Database> {
    const { db, url } = database();
    if (target.name !== 'postgres' || url === undefined) return db;
    const own = createDatabase({ url, pool: { max: 2 } });
    extraDatabases.push(own);
    return own.db;
  }

  it('runs an enqueued job once with its payload and marks it done', async () => {
    const { db } = database();
    const kind = newKind();
    const seen: unknown[] = [];
    const id = await enqueueJob(db, { kind, payload: { n: 1 } });
    const runner = createJobRunner({
      db,
      handlers: {
        [kind]: (job) => {
          seen.push(job.payload);
          return Promise.resolve();
        },
      },
    });

    expect(await runner.runOnce()).toBe(1);
    expect(await runner.runOnce()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    const row = await jobRow(db, id ?? '');
    expect(row).toMatchObject({ state: 'done', attempts: 1, locked_by: null, locked_until: null });
    expect(row.finished_at).toBeInstanceOf(Date);
  });

  it('several runners process every job exactly once', async () => {
    const { db } = database();
    const kind = newKind();
    const runs = new Map<string, number>();
    const handler: JobHandler = async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      // Yield so the runners' claims interleave.
      await new Promise((resolve) => setImmediate(resolve));
    };
    const ids: string[] = [];
    for (let index = 0; index < 120; index += 1) {
      ids.push((await enqueueJob(db, { kind, payload: { index } })) ?? '');
    }
    for (let instance = 0; instance < 4; instance += 1) {
      const runnerDb = instanceDb();
      const runner = track(
        createJobRunner({
          db: runnerDb,
          handlers: { [kind]: handler },
          pollIntervalMs: 10,
          batchSize: 3,
        }),
      );
      await runner.start();
    }

    await waitForJobsSettled(db, kind);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const rows = await db
      .selectFrom('jobs')
      .select(['state', 'attempts'])
      .where('kind', '=', kind)
      .execute();
    expect(rows.every((row) => row.state === 'done' && row.attempts === 1)).toBe(true);
  });

  it('a batch handler: several runners take every job once, completed in the handler’s transaction', async () => {
    const { db } = database();
    const kind = newKind();
    const runs = new Map<string, number>();
    const batchSizes: number[] = [];
    const handler: BatchJobHandler = async (jobs, context) => {
      batchSizes.push(jobs.length);
      await db.transaction().execute(async (trx) => {
        const held = await context.completeWithin(trx, jobs);
        for (const id of held) runs.set(id, (runs.get(id) ?? 0) + 1);
      });
    };
    const ids: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      ids.push((await enqueueJob(db, { kind, payload: { index } })) ?? '');
    }
    for (let instance = 0; instance < 3; instance += 1) {
      const runnerDb = instanceDb();
      const runner = track(
        createJobRunner({
          db: runnerDb,
          handlers: {},
          batchHandlers: { [kind]: handler },
          pollIntervalMs: 10,
          batchSize: 7,
        }),
      );
      await runner.start();
    }

    await waitForJobsSettled(db, kind);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    const rows = await db
      .selectFrom('jobs')
      .select(['state', 'attempts'])
      .where('kind', '=', kind)
      .execute();
    expect(rows.every((row) => row.state === 'done' && row.attempts === 1)).toBe(true);
  });

  it('a batch whose handler fails is retried job by job; a runner that lost its lease completes none', async () => {
    const { db } = database();
    const kind = newKind();
    for (let index = 0; index < 3; index += 1) await enqueueJob(db, { kind, payload: { index } });
    // A runner claims the three and dies: another claims them again once the lease runs out.
    const stale = await claimJobs(db, { runnerId: 'dead', kinds: [kind], limit: 10, leaseMs: 300 });
    expect(stale).toHaveLength(3);
    let fail = true;
    const seen: string[][] = [];
    const survivor = createJobRunner({
      db,
      handlers: {},
      batchHandlers: {
        [kind]: async (jobs, context) => {
          seen.push(jobs.map((job) => job.id).sort());
          if (fail) throw new Error('smtp down');
          await db.transaction().execute((trx) => context.completeWithin(trx, jobs));
        },
      },
      retryDelay: { baseMs: 1, maxMs: 1 },
    });
    await vi.waitFor(
      async () => {
        expect(await survivor.runOnce()).toBe(3);
      },
      { timeout: 10_000, interval: 50 },
    );
    // The dead runner's late completion is refused by the fences.
    expect(await completeJobs(db, 'dead', stale)).toEqual(new Set());
    const failed = await db.selectFrom('jobs').selectAll().where('kind', '=', kind).execute();
    expect(failed.map((row) => [row.state, row.attempts, row.last_error])).toEqual([
      ['pending', 2, 'smtp down'],
      ['pending', 2, 'smtp down'],
      ['pending', 2, 'smtp down'],
    ]);

    fail = false;
    await vi.waitFor(
      async () => {
        expect(await survivor.runOnce()).toBe(3);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    const done = await db.selectFrom('jobs').selectAll().where('kind', '=', kind).execute();
    expect(done.every((row) => row.state === 'done' && row.attempts === 3)).toBe(true);
  });

  it('a job whose runner died mid-job is claimed again once its lease expires, and only once', async () => {
    const { db } = database();
    const kind = newKind();
    const id = (await enqueueJob(db, { kind, payload: {} })) ?? '';
    // A runner claims the job and dies before settling it: its lease is all that is left.
    const [claimed] = await claimJobs(db, {
      runnerId: 'dead',
      kinds: [kind],
      limit: 1,
      leaseMs: 300,
    });
    expect(claimed?.id).toBe(id);

    let runs = 0;
    const survivor = createJobRunner({
      db,
      handlers: {
        [kind]: () => {
          runs += 1;
          return Promise.resolve();
        },
      },
    });
    // While the lease holds, nobody else takes the job.
    expect(await survivor.runOnce()).toBe(0);
    await vi.waitFor(
      async () => {
        expect(await survivor.runOnce()).toBe(1);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(await survivor.runOnce()).toBe(0);
    expect(runs).toBe(1);
    expect(await jobRow(db, id)).toMatchObject({ state: 'done', attempts: 2 });
    // The dead runner's late completion is refused by the fence.
    if (claimed === undefined) throw new Error('nothing claimed');
    expect(await completeJob(db, { runnerId: 'dead', job: claimed })).toBe(false);
  });

  it('a failed attempt is retried with backoff, and the last failure marks the job failed and is logged once', async () => {
    const { db } = database();
    const kind = newKind();
    const logger = recordingLogger();
    const id = (await enqueueJob(db, { kind, payload: {}, maxAttempts: 3 })) ?? '';
    let attempts = 0;
    const runner = createJobRunner({
      db,
      logger,
      retryDelay: { baseMs: 60_000, maxMs: 600_000 },
      handlers: {
        [kind]: () => {
          attempts += 1;
          return Promise.reject(new Error(`refused ${attempts}`));
        },
      },
    });

    expect(await runner.runOnce()).toBe(1);
    const afterFirst = await jobRow(db, id);
    expect(afterFirst).toMatchObject({ state: 'pending', attempts: 1, last_error: 'refused 1' });
    const { rows } = await sql<{ delay: number }>`
      select extract(epoch from run_at - now()) * 1000 as delay from jobs where id = ${id}`.execute(
      db,
    );
    // 80-100 % of the 60 s base, minus the time since the update.
    expect(Number(rows[0]?.delay)).toBeGreaterThan(40_000);
    expect(Number(rows[0]?.delay)).toBeLessThanOrEqual(60_000);
    // Not due yet: not claimed.
    expect(await runner.runOnce()).toBe(0);

    // The second delay doubles.
    await db
      .updateTable('jobs')
      // Due by the runner's clock (milliseconds, JavaScript's), which claims compare against: the
      // database's now() can be later within the same millisecond, and then it is not due yet.
      .set({ run_at: new Date() })
      .where('id', '=', id)
      .execute();
    expect(await runner.runOnce()).toBe(1);
    const second = await sql<{ delay: number }>`
      select extract(epoch from run_at - now()) * 1000 as delay from jobs where id = ${id}`.execute(
      db,
    );
    expect(Number(second.rows[0]?.delay)).toBeGreaterThan(90_000);

    await db
      .updateTable('jobs')
      // Due by the runner's clock (milliseconds, JavaScript's), which claims compare against: the
      // database's now() can be later within the same millisecond, and then it is not due yet.
      .set({ run_at: new Date() })
      .where('id', '=', id)
      .execute();
    expect(await runner.runOnce()).toBe(1);
    expect(await jobRow(db, id)).toMatchObject({
      state: 'failed',
      attempts: 3,
      last_error: 'refused 3',
    });
    expect(await runner.runOnce()).toBe(0);
    expect(attempts).toBe(3);
    const failures = logger.lines.filter((line) => line.level === 'error');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.fields).toMatchObject({ jobId: id, kind, attempt: 3 });
  });

  it('a job whose runner died on its last attempt is marked failed, not run again', async () => {
    const { db } = database();
    const kind = newKind();
    const logger = recordingLogger();
    const id = (await enqueueJob(db, { kind, payload: {}, maxAttempts: 1 })) ?? '';
    await claimJobs(db, { runnerId: 'dead', kinds: [kind], limit: 1, leaseMs: 100 });
    let runs = 0;
    const runner = createJobRunner({
      db,
      logger,
      handlers: {
        [kind]: () => {
          runs += 1;
          return Promise.resolve();
        },
      },
    });
    await vi.waitFor(
      async () => {
        expect(await runner.runOnce()).toBe(1);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(runs).toBe(0);
    expect(await jobRow(db, id)).toMatchObject({ state: 'failed' });
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
  });

  it('jobs enqueued while no runner runs are picked up when one starts (a restart)', async () => {
    const { db } = database();
    const kind = newKind();
    const done: string[] = [];
    const handlers = {
      [kind]: (job: { id: string }) => {
        done.push(job.id);
        return Promise.resolve();
      },
    };
    const first = createJobRunner({ db, handlers, pollIntervalMs: 10 });
    await first.start();
    await first.stop();
    const ids = [
      await enqueueJob(db, { kind, payload: {} }),
      await enqueueJob(db, { kind, payload: {} }),
    ];
    expect(done).toEqual([]);

    const restarted = track(createJobRunner({ db, handlers, pollIntervalMs: 10 }));
    await restarted.start();
    await waitForJobsSettled(db, kind);
    expect(done.sort()).toEqual(ids.sort());
  });

  it('a runner claims only the kinds it handles; a dedupe key makes one job', async () => {
    const { db } = database();
    const mine = newKind();
    const other = newKind();
    const key = `once-${randomUUID()}`;
    const firstId = await enqueueJob(db, { kind: mine, payload: {}, dedupeKey: key });
    expect(await enqueueJob(db, { kind: mine, payload: {}, dedupeKey: key })).toBeUndefined();
    const otherId = (await enqueueJob(db, { kind: other, payload: {} })) ?? '';
    const runner = createJobRunner({ db, handlers: { [mine]: () => Promise.resolve() } });

    expect(await runner.runOnce()).toBe(1);
    expect(await runner.runOnce()).toBe(0);
    expect(await jobRow(db, firstId ?? '')).toMatchObject({ state: 'done' });
    expect(await jobRow(db, otherId)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('a notification wakes an idle runner before its next poll', async () => {
    const current = database();
    const kind = newKind();
    let runs = 0;
    const runner = track(
      createJobRunner({
        db: current.db,
        wake: current,
        // Far beyond the test timeout: only the notification can make it claim in time.
        pollIntervalMs: 3_600_000,
        handlers: {
          [kind]: () => {
            runs += 1;
            return Promise.resolve();
          },
        },
      }),
    );
    await runner.start();
    // Let the first (empty) poll finish so the runner is asleep.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await current.db.transaction().execute((trx) => enqueueJob(trx, { kind, payload: {} }));
    await waitForJobsSettled(current.db, kind);
    expect(runs).toBe(1);
  });
});
