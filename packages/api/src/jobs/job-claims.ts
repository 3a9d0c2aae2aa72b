// The SQL of the job lifecycle. Each statement runs alone (no transaction, no session state), so
// it works the same through a transaction-mode pooler, on PostgreSQL and on PGlite.
//
// A claim is fenced by (locked_by, attempts): a runner whose lease ran out and whose job was
// claimed again can no longer finish, retry or extend it.
import { sql, type Kysely, type RawBuilder } from 'kysely';

import type { Database } from '@tasklane/db';

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  /** 1 on the first claim; a claim whose runner died counts too. */
  attempt: number;
  maxAttempts: number;
}

export interface ClaimOptions {
  runnerId: string;
  kinds: readonly string[];
  limit: number;
  leaseMs: number;
  /** The application clock's now, for a runner on an injectable clock; default the database's. */
  now?: Date | undefined;
}

/**
 * The time claims and leases are measured against: the database's `now()`, or the application
 * clock of a runner given one (reminders, so a test moves time instead of sleeping).
 */
export function clockTime(now: Date | undefined): RawBuilder<Date> {
  return now === undefined
    ? sql<Date>`now()`
    : sql<Date>`cast(${now.toISOString()} as timestamptz)`;
}

/** Claims up to `limit` due jobs: pending ones whose time came, and running ones whose lease ran out. */
export async function claimJobs(
  db: Kysely<Database>,
  options: ClaimOptions,
): Promise<ClaimedJob[]> {
  const { rows } = await sql<{
    id: string;
    kind: string;
    payload: unknown;
    attempts: number;
    max_attempts: number;
  }>`
    update jobs set
      state = 'running',
      attempts = jobs.attempts + 1,
      locked_by = ${options.runnerId},
      locked_until = ${clockTime(options.now)} + make_interval(secs => ${options.leaseMs / 1000})
    from (
      select id from jobs
      where kind = any(${sql.val([...options.kinds])}::text[])
        and ((state = 'pending' and run_at <= ${clockTime(options.now)})
          or (state = 'running' and locked_until <= ${clockTime(options.now)}))
      order by run_at, id
      limit ${options.limit}
      for update skip locked
    ) as due
    where jobs.id = due.id
    returning jobs.id, jobs.kind, jobs.payload, jobs.attempts, jobs.max_attempts`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    attempt: row.attempts,
    maxAttempts: row.max_attempts,
  }));
}

export interface Fence {
  runnerId: string;
  job: ClaimedJob;
  /** The runner's clock, when it has its own (see ClaimOptions.now). */
  now?: Date | undefined;
}

/**
 * Marks the job done; false when this runner no longer holds it. `forgetPayload` empties the
 * payload: a done job is kept for days (job-pruning.ts), and some payloads hold what a person
 * typed (an address).
 */
export async function completeJob(
  db: Kysely<Database>,
  fence: Fence,
  options: { forgetPayload?: boolean } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'done',
      ...(options.forgetPayload === true ? { payload: sql`'{}'::jsonb` } : {}),
      finished_at: sql<Date>`now()`,
      locked_by: null,
      locked_until: null,
      last_error: null,
    })
    .where('id', '=', fence.job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', fence.runnerId)
    .where('attempts', '=', fence.job.attempt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type FailureOutcome = 'retry' | 'failed' | 'lost';

/**
 * Records a failed attempt: back to pending after `retryInMs`, or 'failed' for good when it was
 * the last attempt. 'lost' when this runner no longer holds the job (nothing changed).
 */
export async function failJob(
  db: Kysely<Database>,
  fence: Fence,
  failure: { error: string; retryInMs: number },
): Promise<FailureOutcome> {
  const row = await db
    .updateTable('jobs')
    .set({
      state: sql`case when attempts >= max_attempts then 'failed' else 'pending' end`,
      run_at: sql`${clockTime(fence.now)} + make_interval(secs => ${failure.retryInMs / 1000})`,
      finished_at: sql`case when attempts >= max_attempts then now() end`,
      locked_by: null,
      locked_until: null,
      last_error: failure.error.slice(0, 1000),
    })
    .where('id', '=', fence.job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', fence.runnerId)
    .where('attempts', '=', fence.job.attempt)
    .returning('state')
    .executeTakeFirst();
  if (row === undefined) return 'lost';
  return row.state === 'failed' ? 'failed' : 'retry';
}

/** Extends the lease of a job still held; false when it was lost (then the handler should stop). */
export async function extendLease(
  db: Kysely<Database>,
  fence: Fence,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: sql`${clockTime(fence.now)} + make_interval(secs => ${leaseMs / 1000})` })
    .where('id', '=', fence.job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', fence.runnerId)
    .where('attempts', '=', fence.job.attempt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The (id, attempt) fences of jobs, as two arrays for `unnest`. */
function fences(jobs: readonly ClaimedJob[]): RawBuilder<unknown> {
  return sql`unnest(${sql.val(jobs.map((job) => job.id))}::uuid[], ${sql.val(
    jobs.map((job) => job.attempt),
  )}::int[]) as held(id, attempt)`;
}

/**
 * Marks the jobs of a batch done in one statement; returns the ids of those this runner still
 * held (a job whose lease ran out and was claimed again is left to its new holder). Run inside
 * the batch's transaction, it also locks them until the transaction ends.
 */
export async function completeJobs(
  db: Kysely<Database>,
  runnerId: string,
  jobs: readonly ClaimedJob[],
): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null,
      last_error = null
    from ${fences(jobs)}
    where jobs.id = held.id and jobs.attempts = held.attempt
      and jobs.state = 'running' and jobs.locked_by = ${runnerId}
    returning jobs.id`.execute(db);
  return new Set(rows.map((row) => row.id));
}

/** Extends the leases of a batch in one statement; returns how many were still held. */
export async function extendLeases(
  db: Kysely<Database>,
  batch: { runnerId: string; jobs: readonly ClaimedJob[]; now?: Date | undefined },
  leaseMs: number,
): Promise<number> {
  const { runnerId, jobs } = batch;
  if (jobs.length === 0) return 0;
  const result = await sql`
    update jobs set locked_until = ${clockTime(batch.now)} + make_interval(secs => ${leaseMs / 1000})
    from ${fences(jobs)}
    where jobs.id = held.id and jobs.attempts = held.attempt
      and jobs.state = 'running' and jobs.locked_by = ${runnerId}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
