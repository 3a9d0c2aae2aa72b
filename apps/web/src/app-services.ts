// Everything the app holds for its lifetime: the session, the tRPC clients and the query cache.
// A factory rather than module singletons, so tests build isolated instances on the in-process API.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, type TRPCLink } from '@trpc/client';
import superjson from 'superjson';

import {
  createCookieTokenRenewal,
  isClientRejection,
  sessionLink,
  subscriptionLink,
  type AppRouter,
  type CookieTokenRenewal,
} from '@tasklane/api/client';

import { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from '@tasklane/api/contract';

import { createSessionStore, type SessionStore } from './session/session-store';
import { webLock } from './session/web-lock';
import { KEEPALIVE_CONTEXT } from './trpc/keepalive';

export const API_URL = TRPC_ENDPOINT_PATH;

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please sign in again.';

export interface AppServices {
  session: SessionStore;
  /** Renews the access token with the refresh cookie, for the session link and on start-up. */
  renewal: CookieTokenRenewal;
  client: ReturnType<typeof createTRPCClient<AppRouter>>;
  queryClient: QueryClient;
  /** Restores the session from the refresh cookie; call once at start-up. */
  restoreSession(): Promise<void>;
}

export interface AppServicesOptions {
  withLock?: <T>(task: () => Promise<T>) => Promise<T>;
  /** The `fetch` the HTTP links use; defaults to the browser's. Tests pass the in-process API. */
  fetch?: typeof globalThis.fetch;
}

function httpTransport(
  session: SessionStore,
  fetch: typeof globalThis.fetch | undefined,
): TRPCLink<AppRouter> {
  const headers = () => {
    const token = session.accessToken();
    return token === null ? {} : { authorization: `Bearer ${token}` };
  };
  const keepaliveFetch: typeof globalThis.fetch = (input, init) =>
    (fetch ?? globalThis.fetch)(input, { ...init, keepalive: true });
  return splitLink({
    // Calls that must outlive the page (pagehide) get a fetch the browser finishes regardless.
    condition: (op) => op.context.keepalive === KEEPALIVE_CONTEXT.keepalive,
    true: httpBatchLink({
      url: API_URL,
      transformer: superjson,
      maxItems: MAX_BATCH_SIZE,
      fetch: keepaliveFetch,
      headers,
    }),
    false: httpBatchLink({
      url: API_URL,
      transformer: superjson,
      maxItems: MAX_BATCH_SIZE,
      fetch,
      headers,
    }),
  });
}

export function createAppServices(options: AppServicesOptions = {}): AppServices {
  const session = createSessionStore();
  // `auth.refresh` goes through a client of its own, outside the session link.
  const refreshClient = createTRPCClient<AppRouter>({
    links: [httpLink({ url: API_URL, transformer: superjson, fetch: options.fetch })],
  });
  const renewal = createCookieTokenRenewal({
    accessToken: () => session.accessToken(),
    accessTokenExpiresAt: () => {
      const state = session.getState();
      return state.status === 'signed-in' ? state.accessTokenExpiresAt : null;
    },
    refresh: () => refreshClient.auth.refresh.mutate({}),
    withLock: options.withLock ?? webLock,
    onSession: (issued) => {
      session.signIn(issued);
    },
    onEnded: () => {
      session.signOut(SESSION_ENDED_MESSAGE);
    },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // Live streams (`tasks.changes`): the token in a header, renewed ahead of expiry, resumed
        // after every drop with backoff.
        condition: (op) => op.type === 'subscription',
        true: subscriptionLink({
          url: API_URL,
          renewal,
          accessToken: () => session.accessToken(),
          fetch: options.fetch,
        }),
        false: [sessionLink(renewal), httpTransport(session, options.fetch)],
      }),
    ],
  });
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A rejected request will not succeed by repeating it; a network blip might.
        retry: (failures, error) => failures < 2 && !isClientRejection(error),
      },
      mutations: { retry: false },
    },
  });

  // Whatever ends a session (sign-out, expiry, revocation) takes its data with it.
  let wasSignedIn = false;
  session.subscribe(() => {
    const signedIn = session.getState().status === 'signed-in';
    if (wasSignedIn && !signedIn) queryClient.clear();
    wasSignedIn = signedIn;
  });

  return {
    session,
    renewal,
    client,
    queryClient,
    async restoreSession() {
      try {
        await renewal.renew();
      } catch (error) {
        // No refresh cookie, or a dead one, is simply "not signed in": no message.
        session.signOut(
          isClientRejection(error)
            ? null
            : 'Could not reach Tasklane to restore your session. Reload to try again.',
        );
      }
    },
  };
}
