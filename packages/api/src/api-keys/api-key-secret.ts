// API key secrets: `tlk_` and 256 random bits in base64url, shown to the person once and stored
// only as a SHA-256 hash. A fast hash is right for a secret this long (nobody can guess it), and
// checking a key on every request must not cost an argon2 run.
import { createHash, randomBytes } from 'node:crypto';

import { API_KEY_PREFIX_LENGTH, API_KEY_SECRET_PREFIX } from '../contract/api-key-rules';

const SECRET_BYTES = 32;
const SECRET_PATTERN = /^tlk_[A-Za-z0-9_-]{43}$/;

export interface NewApiKeySecret {
  secret: string;
  hash: Buffer;
  /** The first characters of the secret, which the key is shown by. */
  prefix: string;
}

export function newApiKeySecret(): NewApiKeySecret {
  const secret = API_KEY_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, hash: sha256(secret), prefix: secret.slice(0, API_KEY_PREFIX_LENGTH) };
}

/** True when the bearer value is meant as an API key (a session's access token never is). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_SECRET_PREFIX);
}

/** The stored form of a secret; null when the value cannot be a secret we issued. */
export function apiKeyHash(secret: string): Buffer | null {
  return SECRET_PATTERN.test(secret) ? sha256(secret) : null;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
