// The authentication rate limits and the keys they count under. They hold across instances (the
// counters live in the database) and are shaped so nobody can lock another person out for long:
// failures lock an account only for the address they come from, and the account-wide ceiling is
// high and short. See specs/contracts/auth.md.
import { createHmac, hkdfSync } from 'node:crypto';

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
  /** Password reset requests from one address (refused with a wait). */
  passwordResetPerAddress: RateLimit;
  /** Reset mails to one email (past it, requests are answered as usual and send nothing). */
  passwordResetPerEmail: RateLimit;
  /** Verification mails asked for again by one signed-in user (the sign-up mail is not counted). */
  emailVerificationPerUser: RateLimit;
  /** Email change requests of one signed-in user: each mails two addresses. */
  emailChangePerUser: RateLimit;
  /** Device logins started from one address (each stores a code for ten minutes). */
  deviceStartPerAddress: RateLimit;
  /** User codes a signed-in person entered that matched no pending code. */
  deviceCodeFailuresPerUser: RateLimit;
  /** User codes entered from one address that matched no pending code, whoever entered them. */
  deviceCodeFailuresPerAddress: RateLimit;
  /** Requests made with one API key, whatever the procedure (api-keys/api-key-request-limit.ts). */
  apiKeyRequests: RateLimit;
}

export type RateLimitName = keyof AuthRateLimits;

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  signInPerAddress: { limit: 20, windowSeconds: 60 },
  signInFailuresPerAccountAndAddress: { limit: 5, windowSeconds: 15 * 60 },
  signInFailuresPerAccount: { limit: 50, windowSeconds: 60 * 60 },
  signUpPerAddress: { limit: 20, windowSeconds: 60 * 60 },
  passwordConfirmFailuresPerUser: { limit: 5, windowSeconds: 15 * 60 },
  passwordResetPerAddress: { limit: 10, windowSeconds: 60 * 60 },
  passwordResetPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  emailVerificationPerUser: { limit: 3, windowSeconds: 60 * 60 },
  emailChangePerUser: { limit: 5, windowSeconds: 60 * 60 },
  deviceStartPerAddress: { limit: 30, windowSeconds: 60 * 60 },
  deviceCodeFailuresPerUser: { limit: 10, windowSeconds: 15 * 60 },
  deviceCodeFailuresPerAddress: { limit: 30, windowSeconds: 15 * 60 },
  apiKeyRequests: { limit: 600, windowSeconds: 60 },
};

export interface RateLimitKeys {
  signInAddress(ip: string): string;
  signInFailuresAccountAddress(email: string, ip: string): string;
  signInFailuresAccount(email: string): string;
  signUpAddress(ip: string): string;
  passwordConfirmFailures(userId: string): string;
  /** The start shared by every sign-in failure counter of one email (a reset clears them). */
  signInFailuresOfAccountPrefix(email: string): string;
  passwordResetAddress(ip: string): string;
  passwordResetEmail(email: string): string;
  emailVerificationUser(userId: string): string;
  emailChangeUser(userId: string): string;
  deviceStartAddress(ip: string): string;
  deviceCodeFailuresUser(userId: string): string;
  deviceCodeFailuresAddress(ip: string): string;
  apiKeyRequests(keyId: string): string;
  /** The key under which a user's successful sign-in address is remembered (known-addresses). */
  knownAddress(ip: string): string;
}

/**
 * Keys that hold no personal data and cannot be reversed with a list of emails or addresses: each
 * identifying part is an HMAC under a subkey derived from the server's AUTH_SECRET (HKDF), so
 * only a holder of the secret can tell which email or address a row counts.
 */
export function createRateLimitKeys(authSecret: Uint8Array): RateLimitKeys {
  const subkey = Buffer.from(
    hkdfSync('sha256', authSecret, new Uint8Array(0), 'tasklane rate-limit keys v1', 32),
  );
  const keyed = (kind: string, value: string): string =>
    createHmac('sha256', subkey).update(`${kind}\n${value}`).digest('base64url');
  const account = (email: string) => keyed('account', email.toLowerCase());
  const address = (ip: string) => keyed('address', rateLimitAddress(ip));
  return {
    signInAddress: (ip) => `sign-in:address:${address(ip)}`,
    signInFailuresAccountAddress: (email, ip) =>
      `sign-in-failures:account-address:${account(email)}:${address(ip)}`,
    signInFailuresAccount: (email) => `sign-in-failures:account:${account(email)}`,
    signUpAddress: (ip) => `sign-up:address:${address(ip)}`,
    signInFailuresOfAccountPrefix: (email) => `sign-in-failures:account-address:${account(email)}:`,
    passwordResetAddress: (ip) => `password-reset:address:${address(ip)}`,
    passwordResetEmail: (email) => `password-reset:account:${account(email)}`,
    emailVerificationUser: (userId) => `email-verification:user:${keyed('user', userId)}`,
    emailChangeUser: (userId) => `email-change:user:${keyed('user', userId)}`,
    deviceStartAddress: (ip) => `device-start:address:${address(ip)}`,
    deviceCodeFailuresUser: (userId) => `device-code-failures:user:${keyed('user', userId)}`,
    deviceCodeFailuresAddress: (ip) => `device-code-failures:address:${address(ip)}`,
    apiKeyRequests: (keyId) => `api-key-requests:key:${keyed('api-key', keyId)}`,
    passwordConfirmFailures: (userId) => `password-confirm-failures:user:${keyed('user', userId)}`,
    knownAddress: (ip) => address(ip),
  };
}
