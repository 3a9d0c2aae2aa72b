// Recognises "the database cannot be reached right now" (refused or cut connections, timeouts,
// a server shutting down or recovering) so the API answers 503 SERVICE_UNAVAILABLE, which tells
// clients and load balancers to retry, instead of a masked 500 that says the request was wrong.
import { TRPCError } from '@trpc/server';

import { postgresErrorCode } from '@tasklane/db';

import type { ResponseSink } from './context';
import type { Logger } from './logger';

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable (database unreachable). Please try again shortly.';

/** Seconds a client should wait before retrying, sent as `Retry-After`. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** SQLSTATEs outside class 08 (connection exception) that mean "unavailable, try again". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast or immediate stop
  '57P02', // crash_shutdown: another backend crashed, the server is resetting
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P05', // idle_session_timeout
  '57014', // query_canceled: the statement timeout fired
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
]);

/** Node socket errors of a connection that could not be made or was cut. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Errors `pg`, `pg-pool` and PGlite raise without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect$/, // waiting for a pooled connection
  /^Client has encountered a connection error and is not queryable$/,
  /^Query read timeout$/, // query_timeout: the server stopped answering
  /^Cannot use a pool after calling end on the pool$/, // shutting down
  /^PGlite is closed$/, // shutting down (embedded database)
];

const MAX_DEPTH = 5;

/** True when `error` (or its cause, or one of an AggregateError's errors) is an outage. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
  const sqlState = postgresErrorCode(error);
  if (sqlState !== undefined) {
    return sqlState.startsWith('08') || UNAVAILABLE_SQLSTATES.has(sqlState);
  }
  if ('code' in error && typeof error.code === 'string' && NETWORK_ERROR_CODES.has(error.code)) {
    return true;
  }
  if (
    error instanceof Error &&
    UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))
  ) {
    return true;
  }
  if (
    error instanceof AggregateError &&
    error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))
  ) {
    return true;
  }
  return 'cause' in error && isDatabaseUnavailable(error.cause, depth + 1);
}

export function databaseUnavailableError(cause: unknown): TRPCError {
  return new TRPCError({
    code: 'SERVICE_UNAVAILABLE',
    message: DATABASE_UNAVAILABLE_MESSAGE,
    cause,
  });
}

/** During an outage every request fails the same way: log it once per interval, with a count. */
const LOG_INTERVAL_MS = 5000;
let lastLoggedAt = Number.NEGATIVE_INFINITY;
let unloggedSince = 0;

function logOutage(logger: Logger, cause: unknown): void {
  const now = Date.now();
  if (now - lastLoggedAt < LOG_INTERVAL_MS) {
    unloggedSince += 1;
    return;
  }
  logger.warn(
    { event: 'database.unavailable', err: cause, alsoFailedSinceLastLog: unloggedSince },
    'database unavailable; answering 503',
  );
  lastLoggedAt = now;
  unloggedSince = 0;
}

/**
 * Throws SERVICE_UNAVAILABLE (with `Retry-After`) in place of an error caused by a database
 * outage; any other error is left alone. Called by the base procedure's middleware on every failed
 * call, so a protected procedure whose session check could not reach the database fails closed
 * with a 503 rather than a 500 or, worse, a 401 that would sign the person out.
 */
export function throwIfDatabaseUnavailable(
  error: TRPCError,
  context: { response: ResponseSink; logger: Logger },
): void {
  if (error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(error.cause)) {
    logOutage(context.logger, error.cause);
    context.response.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    throw databaseUnavailableError(error.cause);
  }
}
