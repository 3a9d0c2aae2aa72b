// How a router answers a limit's refusal: TOO_MANY_REQUESTS with a Retry-After header, the same
// wait in `data.details`, a message a person can act on, and a log line (throttled for shedding).
import type { TRPCError } from '@trpc/server';

import type { ApiServices, Context, ResponseSink } from '../context';
import { ExposedError } from '../trpc';
import type { RateLimitName } from './auth-rate-limits';
import { RateLimitedError } from './limit-errors';
import { createThrottledWarning, type ThrottledWarning } from './throttled-warning';
import { waitText } from '../contract/wait-text';
import { WorkLimiterBusyError } from './work-limiter';

/** What a TOO_MANY_REQUESTS error carries in `data.details`. */
export interface RetryAfterDetails {
  retryAfterSeconds: number;
}

function tooManyRequests(
  response: ResponseSink,
  retryAfterSeconds: number,
  message: string,
): ExposedError {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  const details: RetryAfterDetails = { retryAfterSeconds };
  return new ExposedError({ code: 'TOO_MANY_REQUESTS', message, details });
}

function limitMessage(limit: RateLimitName, wait: string): string {
  switch (limit) {
    case 'signInPerAddress':
      return `Too many sign-in attempts from your network. Please try again in ${wait}.`;
    case 'signInFailuresPerAccountAndAddress':
    case 'signInFailuresPerAccount':
      return `Too many failed sign-ins for this account. Please try again in ${wait}.`;
    case 'signUpPerAddress':
      return `Too many sign-ups from your network. Please try again in ${wait}.`;
    case 'passwordConfirmFailuresPerUser':
      return `Too many wrong passwords. Please try again in ${wait}.`;
    case 'passwordResetPerAddress':
    case 'passwordResetPerEmail':
      return `Too many password reset requests from your network. Please try again in ${wait}.`;
    case 'emailVerificationPerUser':
      return `We have sent several verification emails already. Please try again in ${wait}.`;
    case 'emailChangePerUser':
      return `Too many email change requests. Please try again in ${wait}.`;
    case 'deviceStartPerAddress':
      return `Too many device sign-ins started from your network. Please try again in ${wait}.`;
    case 'deviceCodeFailuresPerUser':
    case 'deviceCodeFailuresPerAddress':
      return `Too many codes that did not match. Please try again in ${wait}.`;
    case 'apiKeyRequests':
      return `Too many requests with this API key. Please try again in ${wait}.`;
  }
}

// One throttled warning per services instance: a sign-in flood sheds thousands of requests a
// second, and one log line each would cost more than the refusals themselves.
const shedWarnings = new WeakMap<ApiServices, ThrottledWarning>();

function shedWarning(services: ApiServices): ThrottledWarning {
  let warning = shedWarnings.get(services);
  if (warning === undefined) {
    warning = createThrottledWarning({
      logger: services.logger,
      message: 'password hashing at capacity; requests shed',
    });
    shedWarnings.set(services, warning);
  }
  return warning;
}

/** The answer to a limit's refusal, or undefined when the error is not one. */
export function limitErrorResponse(ctx: Context, error: unknown): TRPCError | undefined {
  if (error instanceof RateLimitedError) {
    ctx.services.logger.warn(
      {
        event: 'auth.rate_limited',
        limit: error.limit,
        ip: ctx.request.ip,
        retryAfterSeconds: error.retryAfterSeconds,
      },
      'auth rate limit reached',
    );
    const wait = waitText(error.retryAfterSeconds);
    return tooManyRequests(ctx.response, error.retryAfterSeconds, limitMessage(error.limit, wait));
  }
  if (error instanceof WorkLimiterBusyError) {
    shedWarning(ctx.services).warn({
      event: 'auth.rate_limited',
      limit: 'password_work',
      ip: ctx.request.ip,
    });
    return tooManyRequests(ctx.response, 1, 'The server is busy. Please try again in a moment.');
  }
  return undefined;
}
