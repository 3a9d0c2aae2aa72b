// The server-side entry point: the router, the context factory and the services it needs.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export {
  createContext,
  type ApiServices,
  type AuthConfig,
  type Context,
  type CookieOptions,
  type RequestInfo,
  type ResponseSink,
} from './context';
export {
  createAccessTokens,
  type AccessTokens,
  type AccessTokenConfig,
} from './sessions/access-token';
export { BadRequestError, STREAM_HEARTBEAT_MS, UNREADABLE_REQUEST_MESSAGE } from './trpc';
export { createApiServices, type ApiServicesConfig, type JobRunnerTuning } from './services';
export { enqueueJob, JOBS_CHANNEL, type NewJob } from './jobs/job-queue';
export { createJobRunner, type JobHandler, type JobRunner } from './jobs/job-runner';
export {
  DEFAULT_APP_URL,
  DEFAULT_MAIL_FROM,
  type MailConfig,
  type MailTransportConfig,
} from './mail/mail-config';
export { renderMail, type MailContent } from './mail/mail-content';
export { MAIL_DELIVERY_JOB, queueMail, type OutgoingMail } from './mail/mail-outbox';
export {
  listOutboxMails,
  readOutboxMail,
  type OutboxMail,
  type OutboxMailSummary,
} from './mail/outbox-reader';
export { silentLogger, type Logger } from './logger';
export type { AuthSession } from './sessions/session-delivery';
export type { User } from './accounts/user-store';
export type { RetryAfterDetails } from './limits/limit-responses';
export { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits } from './limits/auth-rate-limits';
export type { RateLimit } from './limits/rate-limiter';
export {
  DEFAULT_HASHING_LIMITS,
  PASSWORD_HASH_PARAMETERS,
  type PasswordHashParameters,
  type PasswordHasherOptions,
} from './accounts/password-hasher';
export {
  SESSION_REVOKED_CHANNEL,
  type NotificationSource,
  type SessionCacheOptions,
  type SessionValidityStats,
} from './sessions/session-validity';
export { REFRESH_COOKIE_NAME, SECURE_REFRESH_COOKIE_NAME } from './sessions/refresh-cookie';
export type { Task } from './tasks/task';
export type { TaskEvent, TaskEventType } from './events/task-event';
export {
  DEFAULT_STREAM_LIMITS,
  TASK_EVENTS_CHANNEL,
  type EventHubStats,
  type EventStreamLimits,
  type StreamRefusal,
} from './events/event-hub';
export { streamRefusalOf, taskChangeFeedOf } from './events/task-changes';
export type { TaskChangeFeed, TaskChangeSink } from './events/task-change-feed';
export type { TaskConflictDetails } from './tasks/task-errors';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
