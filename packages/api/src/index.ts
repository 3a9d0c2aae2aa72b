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

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
