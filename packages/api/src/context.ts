// The framework-agnostic request context. A server adapter (Fastify, a Fetch handler, a test)
// describes the request in plain values; procedures never see the framework's objects.
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import type { PasswordHasher } from './accounts/password-hasher';
import type { UserCodeHash } from './device-login/device-codes';
import type { ApiKeyValidity } from './api-keys/api-key-validity';
import type { AuthRateLimits, RateLimitKeys } from './limits/auth-rate-limits';
import type { RateLimiter } from './limits/rate-limiter';
import type { EventHub } from './events/event-hub';
import type { JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';
import type { MailConfig } from './mail/mail-config';
import type { AccessTokens } from './sessions/access-token';
import type { SuccessorOf } from './sessions/refresh-token';
import type { SessionValidity } from './sessions/session-validity';

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'strict' | 'lax';
  path: string;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** What a procedure may know about the HTTP request, already parsed by the adapter. */
export interface RequestInfo {
  /** The raw `Authorization` header value, if any. */
  authorization: string | undefined;
  cookies: Readonly<Record<string, string | undefined>>;
  /** The client address as the server trusts it (socket, or proxy headers when TRUST_PROXY). */
  ip: string;
  userAgent: string | undefined;
  origin: string | undefined;
  /** True when the request came over HTTPS (directly or via a trusted proxy). */
  secure: boolean;
}

/** How a procedure affects the HTTP response without knowing the framework. */
export interface ResponseSink {
  setCookie(name: string, value: string, options: CookieOptions): void;
  setHeader(name: string, value: string): void;
}

export interface AuthConfig {
  /** `iss` and `aud` claims of access tokens. */
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  /** Absolute lifetime of a session (REFRESH_TOKEN_TTL). */
  refreshTokenTtlSeconds: number;
  /** A session not refreshed for this long cannot be refreshed any more. Default 7 days. */
  refreshIdleTtlSeconds?: number;
  /**
   * A used refresh token presented again within this many seconds gets the same successor
   * instead of revoking its session (a lost response, two tabs). Default 10.
   */
  refreshReuseWindowSeconds?: number;
  /** Origins allowed to use cookie-based refresh and sign-out (CSRF). */
  webOrigins: readonly string[];
  /** NODE_ENV=production: cookies are Secure and __Host- prefixed whatever the request. */
  production: boolean;
}

/** Long-lived things a server builds once and shares across requests (see services.ts). */
export interface ApiServices {
  db: Kysely<Database>;
  tokens: AccessTokens;
  auth: AuthConfig;
  passwords: PasswordHasher;
  /** Whether a session is live, cached per process and invalidated on every revocation. */
  sessions: SessionValidity;
  /** Which API keys are valid, cached per process and invalidated like sessions. */
  apiKeys: ApiKeyValidity;
  rateLimiter: RateLimiter;
  rateLimits: AuthRateLimits;
  /** Keys of the rate_limits rows, keyed with a subkey of the auth secret. */
  rateLimitKeys: RateLimitKeys;
  /** The successor of a refresh token (deterministic under the auth secret). */
  refreshSuccessorOf: SuccessorOf;
  /** The stored form of a device login's user code (keyed with a subkey of the auth secret). */
  userCodeHash: UserCodeHash;
  /** The application clock; tests move it instead of sleeping. */
  clock: () => Date;
  /** This instance's live `tasks.changes` streams and the task event listener behind them. */
  events: EventHub;
  logger: Logger;
  /** The From address and APP_URL mails are written with. */
  mail: MailConfig;
  /** The background job runner of this process, when it runs one. */
  jobs: JobRunner | undefined;
  /** The reminder runner (on the application clock), when this instance runs jobs. */
  reminderJobs: JobRunner | undefined;
  /**
   * Stops background work (jobs, live streams, the revocation and event subscriptions); the
   * database stays open.
   */
  close(): Promise<void>;
}

export interface Context {
  services: ApiServices;
  request: RequestInfo;
  response: ResponseSink;
}

export function createContext(
  services: ApiServices,
  request: RequestInfo,
  response: ResponseSink,
): Context {
  return { services, request, response };
}
