// Builds everything the api needs from plain configuration, so any server (the Fastify app,
// another service mounting the router, a test) wires it the same way.
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { createPasswordHasher, type PasswordHasherOptions } from './accounts/password-hasher';
import {
  createPasswordResetRequestHandler,
  PASSWORD_RESET_REQUEST_JOB,
} from './accounts/password-reset';
import { createApiKeyRequestLimit } from './api-keys/api-key-request-limit';
import { createApiKeyValidity } from './api-keys/api-key-validity';
import type { ApiServices, AuthConfig } from './context';
import { createUserCodeHash } from './device-login/device-codes';
import { createEventHub, type EventStreamLimits } from './events/event-hub';
import {
  createRateLimitKeys,
  DEFAULT_AUTH_RATE_LIMITS,
  type AuthRateLimits,
} from './limits/auth-rate-limits';
import { createRateLimiter } from './limits/rate-limiter';
import { createPruneHandler, PRUNE_JOB, scheduleTodaysPrune } from './jobs/job-pruning';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './jobs/job-runner';
import { createReminderDeliveryHandler } from './reminders/reminder-delivery';
import { REMINDER_DELIVERY_JOB } from './reminders/reminder-scope';
import { silentLogger, type Logger } from './logger';
import { DEFAULT_MAIL_CONFIG, type MailConfig } from './mail/mail-config';
import { createMailDelivery } from './mail/mail-delivery';
import { MAIL_DELIVERY_JOB } from './mail/mail-outbox';
import { createAccessTokens } from './sessions/access-token';
import { createSuccessorOf } from './sessions/refresh-token';
import {
  createSessionValidity,
  type NotificationSource,
  type SessionCacheOptions,
} from './sessions/session-validity';

/** Tuning of the background job runner; see JobRunnerOptions. */
export type JobRunnerTuning = Pick<
  JobRunnerOptions,
  'runnerId' | 'leaseMs' | 'pollIntervalMs' | 'batchSize' | 'retryDelay'
>;

export interface ApiServicesConfig {
  db: Kysely<Database>;
  /** HS256 key of access tokens: at least 32 bytes. */
  authSecret: Uint8Array;
  auth: AuthConfig;
  /**
   * Where revocations are announced: pass the `TasklaneDatabase` (it has `listen`). Without it,
   * every authenticated request checks its session in the database.
   */
  notifications?: NotificationSource;
  /** Tuning of the live-session cache, or `false` to read the database on every request. */
  sessionCache?: SessionCacheOptions | false;
  /** Auth events and background failures. Fastify's `app.log` fits. Default: silent. */
  logger?: Logger;
  /** argon2 parameters and the bound on concurrent hashing. */
  hashing?: PasswordHasherOptions;
  rateLimits?: Partial<AuthRateLimits>;
  /** The application clock (default: the system's); tests pass one they can move. */
  clock?: () => Date;
  /** Where mail goes. Default: kept in the outbox (development without SMTP). */
  mail?: MailConfig;
  /**
   * Runs background jobs (mail delivery, the daily prune of old jobs and mails) in this process, woken early by `notifications`.
   * Unset: none run here (jobs wait in the database for an instance that runs them).
   */
  jobs?: JobRunnerTuning;
  /** Live stream limits (MAX_STREAMS), event retention and polling. */
  streams?: EventStreamLimits;
}

export async function createApiServices(config: ApiServicesConfig): Promise<ApiServices> {
  const logger = config.logger ?? silentLogger;
  const tokens = await createAccessTokens({
    secret: config.authSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  const sessions = createSessionValidity({
    db: config.db,
    notifications: config.notifications,
    cache: config.sessionCache,
    logger,
  });
  await sessions.ready();
  const events = createEventHub({
    db: config.db,
    sessions,
    notifications: config.notifications,
    limits: config.streams,
    logger,
  });
  await events.ready();
  const clock = config.clock ?? (() => new Date());
  const rateLimiter = createRateLimiter(config.db);
  const rateLimits = { ...DEFAULT_AUTH_RATE_LIMITS, ...config.rateLimits };
  const rateLimitKeys = createRateLimitKeys(config.authSecret);
  const apiKeys = createApiKeyValidity({
    db: config.db,
    sessions,
    clock,
    logger,
    limit: createApiKeyRequestLimit({
      rateLimiter,
      rule: rateLimits.apiKeyRequests,
      keys: rateLimitKeys,
    }),
  });
  const mail = config.mail ?? DEFAULT_MAIL_CONFIG;
  const jobs = await startJobs(config, { mail, logger, clock });
  return {
    db: config.db,
    tokens,
    auth: config.auth,
    passwords: createPasswordHasher(config.hashing),
    sessions,
    apiKeys,
    rateLimiter,
    rateLimits,
    rateLimitKeys,
    refreshSuccessorOf: createSuccessorOf(config.authSecret),
    userCodeHash: createUserCodeHash(config.authSecret),
    clock,
    events,
    logger,
    mail,
    jobs: jobs?.runner,
    reminderJobs: jobs?.reminders,
    async close() {
      await jobs?.stop();
      await events.close();
      await apiKeys.close();
      await sessions.close();
    },
  };
}

async function startJobs(
  config: ApiServicesConfig,
  { mail, logger, clock }: { mail: MailConfig; logger: Logger; clock: () => Date },
): Promise<{ runner: JobRunner; reminders: JobRunner; stop(): Promise<void> } | undefined> {
  if (config.jobs === undefined) return undefined;
  const delivery = createMailDelivery({
    db: config.db,
    config: mail,
    logger,
    production: config.auth.production,
  });
  const runner = createJobRunner({
    db: config.db,
    handlers: {
      [MAIL_DELIVERY_JOB]: delivery.handler,
      [PRUNE_JOB]: createPruneHandler({ db: config.db, logger }),
      [PASSWORD_RESET_REQUEST_JOB]: createPasswordResetRequestHandler({
        db: config.db,
        mail,
        logger,
      }),
    },
    wake: config.notifications,
    logger,
    ...config.jobs,
  });
  // Reminders run on a runner of their own, measured against the application clock: due means
  // due by the clock the person's times are compared with (tests move it instead of sleeping).
  const reminders = createReminderRunner({
    db: config.db,
    clock,
    mail,
    logger,
    tuning: config.jobs,
    wake: config.notifications,
  });
  // Today's prune, unless an instance already scheduled it; each prune schedules the next.
  const stopScheduling = scheduleTodaysPrune({ db: config.db, logger });
  await runner.start();
  await reminders.start();
  return {
    runner,
    reminders,
    async stop() {
      stopScheduling();
      await reminders.stop();
      await runner.stop();
      delivery.close();
    },
  };
}

/**
 * Reminders claimed and delivered per transaction. A batch is a handful of set-based statements,
 * so a large one costs little more than a small one; 10,000 due in one minute take 40 claims.
 * (The jobs tuning's `batchSize`, for mail and the like, overrides it when set.)
 */
export const REMINDER_BATCH_SIZE = 250;

/** A job runner for reminder deliveries only, on the application clock. */
export function createReminderRunner(options: {
  db: Kysely<Database>;
  clock: () => Date;
  mail: MailConfig;
  logger: Logger;
  tuning?: JobRunnerTuning | undefined;
  wake?: JobRunnerOptions['wake'];
}): JobRunner {
  const { runnerId, ...tuning } = options.tuning ?? {};
  return createJobRunner({
    db: options.db,
    handlers: {},
    batchHandlers: {
      [REMINDER_DELIVERY_JOB]: createReminderDeliveryHandler({
        db: options.db,
        clock: options.clock,
        appUrl: options.mail.appUrl,
        logger: options.logger,
      }),
    },
    clock: options.clock,
    logger: options.logger,
    ...(options.wake === undefined ? {} : { wake: options.wake }),
    ...(runnerId === undefined ? {} : { runnerId: `${runnerId}-reminders` }),
    batchSize: REMINDER_BATCH_SIZE,
    ...tuning,
  });
}
