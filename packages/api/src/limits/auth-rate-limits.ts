// The authentication rate limits and the keys they count under. They hold across instances (the
// counters live in the database) and are shaped so nobody can lock another person out for long:
// failures lock an account only for the address they come from, and the account-wide ceiling is
// high and short. See specs/contracts/auth.md.
import { createHash } from 'node:crypto';

import { rateLimitAddress } from './client-address';
import type { RateLimit } from './rate-limiter';

export interface AuthRateLimits {
  /** Sign-in attempts from one address, whatever the email. */
  signInPerAddress: RateLimit;
  /** Failed sign-ins for one email from one address; past it even the right password waits. */
  signInFailuresPerAccountAndAddress: RateLimit;
  /** Failed sign-ins for one email from anywhere: the ceiling on distributed guessing. */
  signInFailuresPerAccount: RateLimit;
  /** Sign-ups from one address. */
  signUpPerAddress: RateLimit;
  /** Wrong current password on change-password or delete-account, per signed-in user. */
  passwordConfirmFailuresPerUser: RateLimit;
}

export type RateLimitName = keyof AuthRateLimits;

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  signInPerAddress: { limit: 20, windowSeconds: 60 },
  signInFailuresPerAccountAndAddress: { limit: 5, windowSeconds: 15 * 60 },
  signInFailuresPerAccount: { limit: 50, windowSeconds: 60 * 60 },
  signUpPerAddress: { limit: 20, windowSeconds: 60 * 60 },
  passwordConfirmFailuresPerUser: { limit: 5, windowSeconds: 15 * 60 },
};

/** Emails are hashed so the rate_limits table holds no personal data. */
function accountKey(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('base64url');
}

export const rateLimitKeys = {
  signInAddress: (ip: string) => `sign-in:address:${rateLimitAddress(ip)}`,
  signInFailuresAccountAddress: (email: string, ip: string) =>
    `sign-in-failures:account-address:${accountKey(email)}:${rateLimitAddress(ip)}`,
  signInFailuresAccount: (email: string) => `sign-in-failures:account:${accountKey(email)}`,
  signUpAddress: (ip: string) => `sign-up:address:${rateLimitAddress(ip)}`,
  passwordConfirmFailures: (userId: string) => `password-confirm-failures:user:${userId}`,
};
