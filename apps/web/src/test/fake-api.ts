// A stand-in for the HTTP transport in the auth link's unit tests: each procedure answers from a
// handler the test gives, and errors have exactly the shape the real error formatter produces.
// Component tests run on the real API instead (render-app.tsx).
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

import type { AppRouter, AuthSession } from '@tasklane/api/client';

import { createAppServices, type AppServices } from '../app-services';

export type Handler = (input: unknown) => unknown;
export type Handlers = Partial<Record<string, Handler>>;

const httpStatus: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** Throw this from a handler to answer with a typed API error. */
export function apiError(
  code: keyof typeof httpStatus,
  message: string,
  extra: { fieldErrors?: Record<string, string[]>; details?: unknown } = {},
): TRPCClientError<AppRouter> {
  return TRPCClientError.from({
    error: {
      message,
      code: -32000,
      data: {
        code,
        httpStatus: httpStatus[code] ?? 500,
        path: 'test',
        zodError:
          extra.fieldErrors === undefined
            ? null
            : { formErrors: [], fieldErrors: extra.fieldErrors },
        ...(extra.details === undefined ? {} : { details: extra.details }),
      },
    },
  });
}

export interface FakeApi {
  calls: { path: string; input: unknown }[];
  callsTo(path: string): unknown[];
  link: TRPCLink<AppRouter>;
}

export function fakeApi(handlers: Handlers): FakeApi {
  const calls: { path: string; input: unknown }[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (handler === undefined) throw apiError('NOT_FOUND', `No handler for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data: unknown) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) => {
              observer.error(
                error instanceof TRPCClientError
                  ? (error as TRPCClientError<AppRouter>)
                  : TRPCClientError.from(error instanceof Error ? error : new Error(String(error))),
              );
            },
          );
      });
  return {
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path).map((call) => call.input),
    link,
  };
}

export function testServices(api: FakeApi): AppServices {
  return createAppServices({
    transport: () => api.link,
    refreshTransport: api.link,
    withLock: (task) => task(),
  });
}

export const testUser = {
  id: '6c0b1f0e-3f1e-4a57-9b43-7f2e5a3c9d10',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  createdAt: new Date('2026-01-05T10:00:00Z'),
};

export function authSession(token = 'access-token-1'): AuthSession {
  return {
    user: testUser,
    accessToken: token,
    accessTokenExpiresAt: new Date(Date.now() + 900_000),
  };
}
