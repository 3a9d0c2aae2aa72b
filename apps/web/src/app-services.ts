// Everything the app holds for its lifetime: the session, the tRPC clients and the query cache.
// A factory rather than module singletons, so tests build isolated instances on a fake link.
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, type TRPCLink } from '@trpc/client';
import superjson from 'superjson';

import { isClientRejection, type AppRouter } from '@tasklane/api/client';

import { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from '@tasklane/api/contract';

import { authLink } from './session/auth-link';
import {
  createSessionRefresher,
  webLock,
  type SessionRefresher,
} from './session/session-refresher';
import { createSessionStore, type SessionStore } from './session/session-store';
import { KEEPALIVE_CONTEXT } from './trpc/keepalive';

export const API_URL = TRPC_ENDPOINT_PATH;

export interface AppServices {
  session: SessionStore;
  refresher: SessionRefresher;
  client: ReturnType<typeof createTRPCClient<AppRouter>>;
  queryClient: QueryClient;
  /** Restores the session from the refresh cookie; call once at start-up. */
  restoreSession(): Promise<void>;
}

export interface AppServicesOptions {
  /** The transport for the main client; defaults to batched HTTP to /api/trpc. */
  transport?: (session: SessionStore) => TRPCLink<AppRouter>;
  /** The transport for `auth.refresh`, which must not go through the auth link. */
  refreshTransport?: TRPCLink<AppRouter>;
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
  const refreshClient = createTRPCClient<AppRouter>({
    links: [
      options.refreshTransport ??
        httpLink({ url: API_URL, transformer: superjson, fetch: options.fetch }),
    ],
  });
  const refresher = createSessionRefresher({
    store: session,
    refresh: () => refreshClient.auth.refresh.mutate({}),
    isRejection: isClientRejection,
    withLock: options.withLock ?? webLock,
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      authLink({ store: session, refresher }),
      options.transport?.(session) ?? httpTransport(session, options.fetch),
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
    refresher,
    client,
    queryClient,
    async restoreSession() {
      const outcome = await refresher.refresh();
      if (outcome === 'rejected') session.signOut();
      else if (outcome === 'unreachable') {
        session.signOut('Could not reach Tasklane to restore your session. Reload to try again.');
      }
    },
  };
}
