// The domain errors of the limits: a rate limit reached (see auth-rate-limits.ts), or the
// password-work queue full (WorkLimiterBusyError, work-limiter.ts). Routers turn them into
// TOO_MANY_REQUESTS with limit-responses.ts.
import type { RateLimitName } from './auth-rate-limits';

export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly limit: RateLimitName,
    /** Whole seconds until the window ends (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(`Rate limit ${limit} reached`);
  }
}
