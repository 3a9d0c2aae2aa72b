// Puts background work on the jobs table. Called inside the transaction of the change that
// causes the work, so the job exists if and only if that change commits.
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

/** Runners listening here claim at once instead of at their next poll (a hint, never required). */
export const JOBS_CHANNEL = 'tasklane_jobs';

export interface NewJob {
  kind: string;
  /** Plain JSON; the handler of `kind` validates it. */
  payload: Readonly<Record<string, unknown>>;
  /** Not before this time. Default: now. */
  runAt?: Date;
  /** Claims before the job is marked failed. Default 10. */
  maxAttempts?: number;
  /** A job enqueued again under the same key is not created twice (e.g. one per reminder). */
  dedupeKey?: string;
}

/** The row of a new job, the same whether it is enqueued alone or with others. */
function jobRow(job: NewJob) {
  return {
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    ...(job.runAt === undefined ? {} : { run_at: job.runAt }),
    ...(job.maxAttempts === undefined ? {} : { max_attempts: job.maxAttempts }),
    dedupe_key: job.dedupeKey ?? null,
  };
}

/** Enqueues a job; returns its id, or undefined when `dedupeKey` already named one. */
export async function enqueueJob(db: Kysely<Database>, job: NewJob): Promise<string | undefined> {
  const row = await db
    .insertInto('jobs')
    .values(jobRow(job))
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Delivered only when the surrounding transaction commits, so no runner wakes for nothing.
  if (row !== undefined) await sql`select pg_notify(${JOBS_CHANNEL}, ${job.kind})`.execute(db);
  return row?.id;
}

/** Enqueues jobs of one or more kinds in one statement; wakes runners once per kind. */
export async function enqueueJobs(db: Kysely<Database>, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = await db
    .insertInto('jobs')
    .values(jobs.map(jobRow))
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning('kind')
    .execute();
  const kinds = [...new Set(rows.map((row) => row.kind))];
  if (kinds.length > 0) {
    await sql`select pg_notify(${JOBS_CHANNEL}, kind) from unnest(${sql.val(kinds)}::text[]) as kind`.execute(
      db,
    );
  }
}
