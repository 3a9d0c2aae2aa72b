// Runs background jobs from the jobs table on any number of instances: each polls for due jobs,
// claims a few under a lease (FOR UPDATE SKIP LOCKED, so two runners never take the same row),
// runs their handlers, then marks them done or schedules a retry with exponential backoff.
//
// Guarantees: a job's handler runs to success once in the normal case; a runner that dies while
// holding a job (crash, kill, lost network) leaves a lease that expires, and another runner
// claims the job again. So handlers must tolerate running again after a crash (the mail handler
// checks whether its mail was already sent), or make their effect and the job's completion one
// transaction with `completeWithin`: then a crash either loses both (the job runs again) or
// keeps both (it never does). A job failing on its last attempt is marked failed and logged once.
// A kind with a batch handler gets all its claimed jobs in one call, so their effects can be a
// few set-based statements in one transaction (reminders: 10,000 may fall due in one minute).
//
// Nothing here holds session state across statements, so it runs behind a transaction-mode
// pooler. A NOTIFY on JOBS_CHANNEL (sent by enqueueJob) wakes an idle runner early; polling alone
// is enough.
import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { silentLogger, type Logger } from '../logger';
import {
  claimJobs,
  completeJob,
  completeJobs,
  extendLease,
  extendLeases,
  failJob,
  type ClaimedJob,
  type Fence,
} from './job-claims';
import { JOBS_CHANNEL } from './job-queue';
import { DEFAULT_RETRY_DELAY, retryDelayMs, type RetryDelayOptions } from './retry-delay';

/** What a handler gets besides its job. */
export interface JobContext {
  /** Aborts when the lease was lost: another runner may hold the job now, so stop early. */
  signal: AbortSignal;
  /**
   * Marks the job done inside the handler's own transaction, so its effect and the completion
   * commit together. Throws (rolling the transaction back) when this runner no longer holds it.
   * `forgetPayload` empties the payload of the done job (it held something personal).
   */
  completeWithin: (trx: Kysely<Database>, options?: { forgetPayload?: boolean }) => Promise<void>;
}

/** Runs one job. Throw to fail the attempt. */
export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<void>;

/** What a batch handler gets besides its jobs. */
export interface BatchJobContext {
  /** Aborts when the lease of a job of the batch was lost. */
  signal: AbortSignal;
  /**
   * Marks the jobs done inside the handler's own transaction (one statement) and returns the ids
   * of those this runner still held: only they may take effect. The others were claimed again by
   * another runner after their lease ran out; it does their work.
   */
  completeWithin: (trx: Kysely<Database>, jobs: readonly ClaimedJob[]) => Promise<Set<string>>;
}

/**
 * Runs all claimed jobs of one kind together (set-based SQL instead of a transaction per job).
 * Throw to fail the attempt of every job of the batch.
 */
export type BatchJobHandler = (
  jobs: readonly ClaimedJob[],
  context: BatchJobContext,
) => Promise<void>;

/** `completeWithin` found the job no longer held by this runner. */
export class JobLeaseLostError extends Error {
  constructor() {
    super('job lease lost before it finished');
    this.name = 'JobLeaseLostError';
  }
}

/** The part of `TasklaneDatabase` used to be woken early. */
export interface JobWakeSource {
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface JobRunnerOptions {
  db: Kysely<Database>;
  /** One handler per job kind; a runner claims only the kinds it has a handler for. */
  handlers: Readonly<Record<string, JobHandler>>;
  /** Kinds whose claimed jobs run together, one call per batch (reminder deliveries). */
  batchHandlers?: Readonly<Record<string, BatchJobHandler>>;
  /** Names this runner in `jobs.locked_by`. Default: a random id. */
  runnerId?: string;
  /** How long a claim holds a job; extended every third of it while the handler runs. Default 30 s. */
  leaseMs?: number;
  /** Wait between polls when idle. Default 1 s. */
  pollIntervalMs?: number;
  /** Jobs claimed and run at once (a batch handler gets them in one call). Default 5. */
  batchSize?: number;
  retryDelay?: RetryDelayOptions;
  wake?: JobWakeSource;
  logger?: Logger;
  /**
   * The clock claims and leases are measured against. Default: the database's `now()`. The
   * reminder runner uses the application clock, so tests move time instead of sleeping.
   */
  clock?: () => Date;
}

export interface JobRunner {
  readonly runnerId: string;
  /** Starts polling (and listening, with `wake`). */
  start(): Promise<void>;
  /** Claims and runs one batch now; resolves with how many jobs it claimed. */
  runOnce(): Promise<number>;
  /** Stops claiming, waits for the jobs in hand to finish. */
  stop(): Promise<void>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const runnerId = options.runnerId ?? `runner-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 5;
  const retryDelay = options.retryDelay ?? DEFAULT_RETRY_DELAY;
  const logger = options.logger ?? silentLogger;
  const batchHandlers = options.batchHandlers ?? {};
  const kinds = [...Object.keys(options.handlers), ...Object.keys(batchHandlers)];
  const { db } = options;

  let running = false;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let wakeUp: (() => void) | undefined;
  /** A notification arrived while a batch ran: poll again without sleeping. */
  let wokenEarly = false;
  let pollFailing = false;

  const runJob = async (job: ClaimedJob): Promise<void> => {
    const fence: Fence = { runnerId, job, now: options.clock?.() };
    if (job.attempt > job.maxAttempts) {
      // Its runner died during the last attempt: no attempt is left.
      await settleFailure(fence, new Error('the runner holding the last attempt stopped'));
      return;
    }
    const handler = options.handlers[job.kind];
    if (handler === undefined) return;
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      extendLease(db, { ...fence, now: options.clock?.() }, leaseMs)
        .then((held) => {
          if (!held) controller.abort(new Error('lease lost'));
        })
        .catch(() => undefined);
    }, leaseMs / 3);
    heartbeat.unref();
    const completion = { within: false };
    const context: JobContext = {
      signal: controller.signal,
      completeWithin: async (trx, completeOptions) => {
        if (!(await completeJob(trx, fence, completeOptions))) throw new JobLeaseLostError();
        completion.within = true;
      },
    };
    try {
      await handler(job, context);
    } catch (error) {
      clearInterval(heartbeat);
      await settleFailure(fence, error);
      return;
    }
    clearInterval(heartbeat);
    // Completed in the handler's transaction, which committed since the handler returned. (Had it
    // rolled back and the handler swallowed that, the completion below finds the job still held.)
    if (!(await completeJob(db, fence)) && !completion.within) {
      logger.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempt },
        'job lease lost before it finished',
      );
    }
  };

  const runBatch = async (handler: BatchJobHandler, claimed: ClaimedJob[]): Promise<void> => {
    const spent = claimed.filter((job) => job.attempt > job.maxAttempts);
    const jobs = claimed.filter((job) => job.attempt <= job.maxAttempts);
    await Promise.all(spent.map(runJob));
    if (jobs.length === 0) return;
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      extendLeases(db, { runnerId, jobs, now: options.clock?.() }, leaseMs)
        .then((held) => {
          if (held < jobs.length) controller.abort(new Error('lease lost'));
        })
        .catch(() => undefined);
    }, leaseMs / 3);
    heartbeat.unref();
    const context: BatchJobContext = {
      signal: controller.signal,
      completeWithin: (trx, done) => completeJobs(trx, runnerId, done),
    };
    try {
      await handler(jobs, context);
    } catch (error) {
      clearInterval(heartbeat);
      await Promise.all(
        jobs.map((job) => settleFailure({ runnerId, job, now: options.clock?.() }, error)),
      );
      return;
    }
    clearInterval(heartbeat);
    // Those the handler completed within its transaction are done already; this finishes the rest
    // (a handler that had nothing to do for some).
    await completeJobs(db, runnerId, jobs);
  };

  const settleFailure = async (fence: Fence, error: unknown): Promise<void> => {
    const { job } = fence;
    const message = error instanceof Error ? error.message : String(error);
    const outcome = await failJob(
      db,
      { ...fence, now: options.clock?.() },
      {
        error: message,
        retryInMs: retryDelayMs(job.attempt, retryDelay),
      },
    );
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempt, error: message };
    switch (outcome) {
      case 'failed':
        logger.error(fields, 'job failed after its last attempt');
        return;
      case 'retry':
        logger.warn(fields, 'job attempt failed; retrying later');
        return;
      case 'lost':
        logger.warn(fields, 'job lease lost before it failed');
        return;
    }
  };

  const runOnce = async (): Promise<number> => {
    if (kinds.length === 0) return 0;
    const jobs = await claimJobs(db, {
      runnerId,
      kinds,
      limit: batchSize,
      leaseMs,
      now: options.clock?.(),
    });
    const batches = new Map<BatchJobHandler, ClaimedJob[]>();
    const single: ClaimedJob[] = [];
    for (const job of jobs) {
      const batchHandler = batchHandlers[job.kind];
      if (batchHandler === undefined) single.push(job);
      else {
        const batch = batches.get(batchHandler);
        if (batch === undefined) batches.set(batchHandler, [job]);
        else batch.push(job);
      }
    }
    const results = await Promise.allSettled([
      ...single.map(runJob),
      ...[...batches].map(([handler, batch]) => runBatch(handler, batch)),
    ]);
    for (const result of results) {
      // Settling a job failed (the database went away): its lease expires and it is claimed again.
      if (result.status === 'rejected') {
        logger.warn({ err: result.reason }, 'job could not be settled; it will be retried');
      }
    }
    return jobs.length;
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  // A function, so the check reads `running` as stop() left it during the batch's awaits.
  const stopping = (): boolean => !running;

  const pollLoop = async (): Promise<void> => {
    while (running) {
      let claimed = 0;
      try {
        claimed = await runOnce();
        if (pollFailing) logger.info({ runnerId }, 'job polling recovered');
        pollFailing = false;
      } catch (error) {
        // One line per outage, not one per poll.
        if (!pollFailing) logger.warn({ err: error, runnerId }, 'job polling failed; retrying');
        pollFailing = true;
      }
      // A full batch suggests more are due: claim again at once.
      if (!stopping() && claimed < batchSize && !wokenEarly) await sleep(pollIntervalMs);
      wokenEarly = false;
    }
  };

  return {
    runnerId,
    async start() {
      if (running) return;
      running = true;
      if (options.wake !== undefined) {
        try {
          unlisten = await options.wake.listen(JOBS_CHANNEL, (kind) => {
            if (!kinds.includes(kind)) return;
            if (wakeUp === undefined) wokenEarly = true;
            else wakeUp();
          });
        } catch (error) {
          logger.warn({ err: error }, 'job notifications unavailable; polling only');
        }
      }
      loop = pollLoop();
    },
    runOnce,
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = undefined;
      const stopListening = unlisten;
      unlisten = undefined;
      await stopListening?.().catch(() => undefined);
    },
  };
}
