// AUTH_SECRET, or in development a generated one kept under DATA_DIR so tokens survive restarts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_SECRET_BYTES = 32;
/** A secret must carry at least this many bits by the estimate below (length x log2 alphabet). */
const MIN_SECRET_BITS = 128;

export const HOW_TO_GENERATE_SECRET = 'generate one with `openssl rand -base64 48`';

/**
 * Why a configured secret is too weak to sign tokens with, or undefined when it is acceptable.
 * Length alone lets `'a'.repeat(32)` through, so this also refuses what is trivially guessable:
 * a repeated block (`abab...`) and a short alphabet. The estimate is an upper bound, so it only
 * catches the obvious; a secret from a random generator passes with room to spare
 * (`openssl rand -base64 48`: 64 characters of a 64-character alphabet; `-hex 32` also passes).
 */
export function secretWeakness(secret: string): string | undefined {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    return `must be at least ${MIN_SECRET_BYTES} bytes (it has ${bytes})`;
  }
  const characters = Array.from(secret);
  const alphabet = new Set(characters).size;
  if (alphabet === 1) return 'is one character repeated';
  const period = repeatingPeriod(characters);
  if (period !== undefined) return `repeats the same ${period} characters`;
  const bits = characters.length * Math.log2(alphabet);
  if (bits < MIN_SECRET_BITS) {
    return `uses only ${alphabet} different characters, too few for a signing key`;
  }
  return undefined;
}

/** The length of the block the text repeats (`abcabc` -> 3), if it is a repetition at all. */
function repeatingPeriod(characters: readonly string[]): number | undefined {
  const length = characters.length;
  for (let period = 1; period <= length / 2; period += 1) {
    if (length % period !== 0) continue;
    if (characters.every((character, index) => character === characters[index % period])) {
      return period;
    }
  }
  return undefined;
}

export function resolveAuthSecret(options: {
  secret: string | undefined;
  dataDir: string;
}): Uint8Array {
  if (options.secret !== undefined) return new TextEncoder().encode(options.secret);
  const file = join(options.dataDir, 'auth-secret');
  try {
    return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'));
  } catch {
    mkdirSync(options.dataDir, { recursive: true });
    const secret = randomBytes(48);
    writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
    return new Uint8Array(secret);
  }
}
