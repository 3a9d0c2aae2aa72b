// Password hashing: argon2id with explicit parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane),
// bounded by a work limiter so a sign-in flood cannot starve the rest of the server.
import { randomBytes } from 'node:crypto';

import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

import {
  createWorkLimiter,
  WorkLimiterBusyError,
  type WorkLimiter,
  type WorkLimiterOptions,
} from '../limits/work-limiter';

export interface PasswordHashParameters {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}

export const PASSWORD_HASH_PARAMETERS: PasswordHashParameters = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** Two hashes at once leave half of libuv's four threads to token verification and I/O. */
export const DEFAULT_HASHING_LIMITS: WorkLimiterOptions = { concurrency: 2, maxQueue: 8 };

// `Algorithm` is a const enum, which an isolated-modules build cannot read; 2 is its Argon2id.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
const ARGON2ID: Algorithm.Argon2id = 2;
const ARGON2_VERSION_0x13 = 1;

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash was made with other parameters: store a fresh one now that we can. */
  needsRehash: boolean;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(storedHash: string, password: string): Promise<PasswordCheck>;
  /**
   * Does the work of a failed verify for an email nobody registered, so timing does not reveal
   * which emails exist.
   */
  verifyNothing(password: string): Promise<void>;
  load(): { running: number; queued: number };
  /** True when new hashing work would be refused right now (see WorkLimiter.full). */
  full(): boolean;
}

export interface PasswordHasherOptions {
  parameters?: PasswordHashParameters;
  limits?: WorkLimiterOptions;
}

export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const parameters = options.parameters ?? PASSWORD_HASH_PARAMETERS;
  const limiter: WorkLimiter = createWorkLimiter(options.limits ?? DEFAULT_HASHING_LIMITS);
  const argonOptions: Options = { ...parameters, algorithm: ARGON2ID };
  const dummyHash = unmatchableHash(parameters);

  const check = async (storedHash: string, password: string): Promise<boolean> => {
    try {
      return await limiter.run(() => verify(storedHash, password));
    } catch (error) {
      // A stored hash argon2 cannot read is a data problem, not a reason to let anyone in.
      if (error instanceof WorkLimiterBusyError) throw error;
      return false;
    }
  };

  return {
    hash: (password) => limiter.run(() => hash(password, argonOptions)),

    async verify(storedHash, password) {
      const valid = await check(storedHash, password);
      return { valid, needsRehash: valid && !matchesParameters(storedHash, parameters) };
    },

    async verifyNothing(password) {
      await check(dummyHash, password);
    },

    load: () => limiter.load(),
    full: () => limiter.full(),
  };
}

/**
 * A well-formed hash with today's parameters that no password matches (its digest is random):
 * verifying against it costs exactly what verifying a real one does.
 */
function unmatchableHash(parameters: PasswordHashParameters): string {
  const phcBase64 = (bytes: number): string =>
    randomBytes(bytes).toString('base64').replace(/=+$/, '');
  const { memoryCost: m, timeCost: t, parallelism: p } = parameters;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${phcBase64(16)}$${phcBase64(32)}`;
}

function matchesParameters(storedHash: string, wanted: PasswordHashParameters): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      (used.algorithm as number) === (ARGON2ID as number) &&
      (used.version as number) === ARGON2_VERSION_0x13 &&
      used.memoryCost === wanted.memoryCost &&
      used.timeCost === wanted.timeCost &&
      used.parallelism === wanted.parallelism
    );
  } catch {
    return false;
  }
}
