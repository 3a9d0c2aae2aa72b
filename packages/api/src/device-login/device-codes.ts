// The two codes of a device login. The device code (256 random bits, base64url) stays on the
// device and is stored as a SHA-256 hash, enough for a secret nobody can guess. The user code is
// short enough to type (20^8, about 35 bits), so a plain hash could be reversed by trying every
// code: it is stored as an HMAC under a subkey of AUTH_SECRET instead.
import { createHash, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

import { USER_CODE_ALPHABET, USER_CODE_LENGTH } from '../contract/device-rules';

const DEVICE_CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newDeviceCode(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a device code; null when the value cannot be one we issued. */
export function deviceCodeHash(code: string): Buffer | null {
  if (!DEVICE_CODE_PATTERN.test(code)) return null;
  return createHash('sha256').update(code).digest();
}

/** A normalized user code (`WDJBMJHT`), each letter drawn uniformly (randomInt is unbiased). */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i += 1) {
    code += USER_CODE_ALPHABET.charAt(randomInt(USER_CODE_ALPHABET.length));
  }
  return code;
}

/** The stored form of a normalized user code. */
export type UserCodeHash = (normalizedCode: string) => Buffer;

export function createUserCodeHash(authSecret: Uint8Array): UserCodeHash {
  const subkey = Buffer.from(
    hkdfSync('sha256', authSecret, new Uint8Array(0), 'tasklane device user code v1', 32),
  );
  return (code) => createHmac('sha256', subkey).update(code).digest();
}
