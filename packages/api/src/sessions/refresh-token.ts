// Refresh tokens: 256 random bits, shown to the client once and stored only as a SHA-256 hash,
// so a copy of the database cannot be used to sign in.
import { createHash, randomBytes } from 'node:crypto';

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
