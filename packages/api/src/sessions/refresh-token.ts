// Refresh tokens: 256 random bits, shown to the client once and stored only as a SHA-256 hash,
// so a copy of the database cannot be used to sign in.
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The stored form of a token; null when the value cannot be a token we issued. */
export function refreshTokenHash(token: string): Buffer | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  return createHash('sha256').update(token).digest();
}

/**
 * The token that replaces `token` when it is used: an HMAC of it under a subkey of AUTH_SECRET.
 * Deterministic, so a second use inside the reuse window can answer the same successor without
 * the database ever holding a token in the clear; unpredictable without the secret.
 */
export type SuccessorOf = (token: string) => string;

export function createSuccessorOf(authSecret: Uint8Array): SuccessorOf {
  const subkey = Buffer.from(
    hkdfSync('sha256', authSecret, new Uint8Array(0), 'tasklane refresh successor v1', 32),
  );
  return (token) => createHmac('sha256', subkey).update(token).digest('base64url');
}
