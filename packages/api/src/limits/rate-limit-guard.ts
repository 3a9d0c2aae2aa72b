// The rate-limit checks use cases make: count a hit, or refuse while a limit is reached. A
// refusal is a RateLimitedError; the router answers it (limit-responses.ts).
import type { AuthRateLimits, RateLimitName } from './auth-rate-limits';
import { RateLimitedError } from './limit-errors';
import type { RateLimiter, RateLimitVerdict } from './rate-limiter';

export interface RateLimitDeps {
  rateLimiter: RateLimiter;
  rateLimits: AuthRateLimits;
}

/** Throws RateLimitedError when the verdict refuses. */
export function refuseIfLimited(name: RateLimitName, verdict: RateLimitVerdict): void {
  if (!verdict.allowed) throw new RateLimitedError(name, verdict.retryAfterSeconds);
}

/** Counts one hit against a limit, refusing the request past it. */
export async function countAttempt(
  deps: RateLimitDeps,
  name: RateLimitName,
  key: string,
): Promise<void> {
  refuseIfLimited(name, await deps.rateLimiter.hit(key, deps.rateLimits[name]));
}
