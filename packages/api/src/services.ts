// Builds everything the api needs from plain configuration, so any server (the Fastify app,
// another service mounting the router, a test) wires it the same way.
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { createPasswordHasher, type PasswordHasherOptions } from './accounts/password-hasher';
import type { ApiServices, AuthConfig } from './context';
import {
  createRateLimitKeys,
  DEFAULT_AUTH_RATE_LIMITS,
  type AuthRateLimits,
} from './limits/auth-rate-limits';
import { createRateLimiter } from './limits/rate-limiter';
import { silentLogger, type Logger } from './logger';
import { createAccessTokens } from './sessions/access-token';
import { createSuccessorOf } from './sessions/refresh-token';
import {
  createSessionValidity,
  type NotificationSource,
  type SessionCacheOptions,
} from './sessions/session-validity';

export interface ApiServicesConfig {
  db: Kysely<Database>;
  /** HS256 key of access tokens: at least 32 bytes. */
  authSecret: Uint8Array;
  auth: AuthConfig;
  /**
   * Where revocations are announced: pass the `TasklaneDatabase` (it has `listen`). Without it,
   * every authenticated request checks its session in the database.
   */
  notifications?: NotificationSource;
  /** Tuning of the live-session cache, or `false` to read the database on every request. */
  sessionCache?: SessionCacheOptions | false;
  /** Auth events and background failures. Fastify's `app.log` fits. Default: silent. */
  logger?: Logger;
  /** argon2 parameters and the bound on concurrent hashing. */
  hashing?: PasswordHasherOptions;
  rateLimits?: Partial<AuthRateLimits>;
  /** The application clock (default: the system's); tests pass one they can move. */
  clock?: () => Date;
}

export async function createApiServices(config: ApiServicesConfig): Promise<ApiServices> {
  const logger = config.logger ?? silentLogger;
  const tokens = await createAccessTokens({
    secret: config.authSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  const sessions = createSessionValidity({
    db: config.db,
    notifications: config.notifications,
    cache: config.sessionCache,
    logger,
  });
  await sessions.ready();
  return {
    db: config.db,
    tokens,
    auth: config.auth,
    passwords: createPasswordHasher(config.hashing),
    sessions,
    rateLimiter: createRateLimiter(config.db),
    rateLimits: { ...DEFAULT_AUTH_RATE_LIMITS, ...config.rateLimits },
    rateLimitKeys: createRateLimitKeys(config.authSecret),
    refreshSuccessorOf: createSuccessorOf(config.authSecret),
    clock: config.clock ?? (() => new Date()),
    logger,
    close: () => sessions.close(),
  };
}
