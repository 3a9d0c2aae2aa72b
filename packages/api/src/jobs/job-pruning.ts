// Keeps the jobs table and the mail outbox from growing without end: a daily job deletes finished
// jobs (done after 7 days, failed after 30, kept that long for a person to look into) and the
// records of mails sent or given up more than 30 days ago. One prune job per day exists across
// every instance and restart: its dedupe key is the day it runs.
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import type { Logger } from '../logger';
import { pruneDeviceCodes } from '../device-login/device-code-store';
import { pruneOutbox } from '../mail/mail-outbox';
import { enqueueJob } from './job-queue';
import type { JobHandler } from './job-runner';

export const PRUNE_JOB = 'jobs.prune';

export const RETENTION_DAYS = { doneJobs: 7, failedJobs: 30, mails: 30 } as const;

const DAY_MS = 24 * 3600 * 1000;

/** Deletes finished jobs past their retention; returns how many went. */
export async function pruneFinishedJobs(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('state', '=', 'done'),
          eb(
            'finished_at',
            '<',
            sql<Date>`now() - make_interval(days => ${RETENTION_DAYS.doneJobs})`,
          ),
        ]),
        eb.and([
          eb('state', '=', 'failed'),
          eb(
            'finished_at',
            '<',
            sql<Date>`now() - make_interval(days => ${RETENTION_DAYS.failedJobs})`,
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Enqueues the prune of the day `at` falls on, unless one exists (on any instance). */
export async function schedulePrune(db: Kysely<Database>, at: Date): Promise<void> {
  await enqueueJob(db, {
    kind: PRUNE_JOB,
    payload: {},
    runAt: at,
    dedupeKey: `prune:${at.toISOString().slice(0, 10)}`,
  });
}

const SCHEDULE_RETRY_MS = 60_000;

/**
 * Enqueues today's prune at start, in the background: a database that is down when an instance
 * starts must not stop it from starting (it answers 503 and recovers). Until it succeeds it is
 * tried again every minute; the returned function stops trying.
 */
export function scheduleTodaysPrune(deps: { db: Kysely<Database>; logger: Logger }): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = (): void => {
    schedulePrune(deps.db, new Date()).catch((error: unknown) => {
      if (stopped) return;
      deps.logger.warn({ err: error }, 'could not schedule the daily prune; retrying in a minute');
      timer = setTimeout(attempt, SCHEDULE_RETRY_MS);
      timer.unref();
    });
  };
  attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function createPruneHandler(deps: { db: Kysely<Database>; logger: Logger }): JobHandler {
  return async () => {
    const jobs = await pruneFinishedJobs(deps.db);
    const mails = await pruneOutbox(deps.db, RETENTION_DAYS.mails);
    // Device codes are also pruned when one is made; with no device login for a while, here.
    const deviceCodes = await pruneDeviceCodes(deps.db, new Date());
    deps.logger.info(
      { jobs, mails, deviceCodes },
      'old jobs, mail records and device codes pruned',
    );
    await schedulePrune(deps.db, new Date(Date.now() + DAY_MS));
  };
}
