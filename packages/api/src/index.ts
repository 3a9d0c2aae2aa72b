// The server-side entry point: the router, the context factory and the services it needs.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export {
  createContext,
  type ApiServices,
  type AuthConfig,
  type Context,
  type CookieOptions,
  type RequestInfo,
  type ResponseSink,
} from './context';
export { createAccessTokens, type AccessTokens, type AccessTokenConfig } from './auth/access-token';
export { createApiServices, type ApiServicesConfig } from './services';
export { silentLogger, type Logger } from './logger';
export type { AuthSession, User } from './auth/auth-session';
export type { RetryAfterDetails } from './auth/auth-errors';
export { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits } from './auth/auth-rate-limits';
export type { RateLimit } from './auth/rate-limiter';
export {
  DEFAULT_HASHING_LIMITS,
  PASSWORD_HASH_PARAMETERS,
  type PasswordHashParameters,
  type PasswordHasherOptions,
} from './auth/password-hasher';
export {
  SESSION_REVOKED_CHANNEL,
  type NotificationSource,
  type SessionCacheOptions,
  type SessionValidityStats,
} from './auth/session-validity';
export { REFRESH_COOKIE_NAME, SECURE_REFRESH_COOKIE_NAME } from './auth/refresh-cookie';
export type { Task } from './tasks/task';
export type { TaskConflictDetails } from './tasks/task-errors';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
