import { sql, type Kysely } from 'kysely';

// Finished jobs and delivered mails are deleted after a while (packages/api/src/jobs/
// job-pruning.ts). Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What the daily prune reads: finished jobs, oldest first. Pending and running jobs are not in it.
  await sql`create index jobs_finished_idx on jobs (finished_at) where state in ('done', 'failed')`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index jobs_finished_idx`.execute(db);
}
