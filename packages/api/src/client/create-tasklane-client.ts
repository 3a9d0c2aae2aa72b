// The typed HTTP client for other services and the CLI: superjson, batched calls, a session that
// signs in, refreshes before expiry and recovers once from UNAUTHORIZED by itself, and live
// streams (`tasks.changes.subscribe`) that survive token renewals and dropped connections.
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import superjson from 'superjson';

import { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from '../contract/transport';
import { errorCode } from './client-errors';
import type { TasklaneCredentials, TasklaneTokens } from './credentials';
import type { AppRouter } from './router-types';
import { sessionLink } from './session-link';
import { subscriptionLink } from './subscription-link';
import { apiKeyTokenSource, createTokenSource, type SessionIssuer } from './token-source';

/** Keeps batched GET URLs well under common server and proxy limits. */
const MAX_URL_LENGTH = 6000;

/** How the client proves who it is: a person's credentials, or one of their API keys. */
export type TasklaneClientAuth =
  | { credentials: TasklaneCredentials; apiKey?: never }
  | {
      /**
       * An API key's secret (`tlk_...`), sent as `Authorization: Bearer` on every request. It acts
       * with its scopes only and is never renewed; a refused call is not retried.
       */
      apiKey: string;
      credentials?: never;
    };

export type TasklaneClientOptions = TasklaneClientAuth & TasklaneClientSettings;

/** Everything but how the client proves who it is. */
export interface TasklaneClientSettings {
  /** The server's base URL, e.g. `https://tasks.example.com`; calls go to `<url>/api/trpc`. */
  url: string | URL;
  /**
   * Called with the new tokens after every sign-in and refresh, before the call that needed them
   * goes on. Refresh tokens rotate: persist the new one here if you keep it across processes.
   */
  onTokens?: (tokens: TasklaneTokens) => void | Promise<void>;
  /** Extra headers on every request (a `user-agent` names the device in `auth.sessions`). */
  headers?: Readonly<Record<string, string>>;
  /** A fetch implementation (timeouts, proxies, tests); the global one by default. */
  fetch?: typeof globalThis.fetch;
  /**
   * Live streams reconnect after a drop after this delay, doubled per failed attempt up to `max`
   * (never sooner than the server's Retry-After). Default 0.5 s to 30 s.
   */
  reconnectDelayMs?: { first: number; max: number };
}

export interface TasklaneSessionControls {
  /**
   * Revokes the session on the server (when there is one) and forgets every token. With an API
   * key it only forgets the key: the key stays valid until its owner revokes it.
   */
  signOut: () => Promise<void>;
  /** The current tokens; null before the first call, after sign-out, or with access-token credentials. */
  tokens: () => TasklaneTokens | null;
}

export type TasklaneClient = TRPCClient<AppRouter> & TasklaneSessionControls;

export function trpcEndpoint(url: string | URL): string {
  return `${String(url).replace(/\/+$/, '')}${TRPC_ENDPOINT_PATH}`;
}

export function createTasklaneClient(options: TasklaneClientOptions): TasklaneClient {
  const endpoint = trpcEndpoint(options.url);
  const extraHeaders = options.headers ?? {};

  // Sign-in and refresh go through a client of their own, outside the session link.
  const sessionClient = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: endpoint,
        transformer: superjson,
        headers: extraHeaders,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      }),
    ],
  });
  const issuer: SessionIssuer = {
    signIn: ({ email, password }) =>
      sessionClient.auth.signIn.mutate({ email, password, tokenDelivery: 'body' }),
    refresh: (refreshToken) =>
      sessionClient.auth.refresh.mutate({ refreshToken, tokenDelivery: 'body' }),
  };
  const withKey = options.apiKey !== undefined;
  const source =
    options.apiKey !== undefined
      ? apiKeyTokenSource(options.apiKey)
      : createTokenSource(options.credentials, issuer, options.onTokens);

  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: subscriptionLink({
          url: endpoint,
          renewal: source,
          accessToken: () => source.current(),
          headers: extraHeaders,
          fetch: options.fetch,
          reconnectDelayMs: options.reconnectDelayMs,
        }),
        false: [
          // A key has no session to renew: its UNAUTHORIZED is final.
          sessionLink(source, { retryUnauthorized: !withKey }),
          httpBatchLink({
            url: endpoint,
            transformer: superjson,
            maxItems: MAX_BATCH_SIZE,
            maxURLLength: MAX_URL_LENGTH,
            headers: () => {
              const token = source.current();
              return token === undefined
                ? extraHeaders
                : { ...extraHeaders, authorization: `Bearer ${token}` };
            },
            ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
          }),
        ],
      }),
    ],
  });

  const controls: TasklaneSessionControls = {
    signOut: async () => {
      if (!source.hasSession()) {
        source.close();
        return;
      }
      try {
        await client.auth.signOut.mutate();
      } catch (error) {
        // An expired or revoked session has nothing left to revoke.
        if (errorCode(error) !== 'UNAUTHORIZED') throw error;
      } finally {
        source.close();
      }
    },
    tokens: () => source.tokens(),
  };

  // The tRPC client is a proxy where every property is a procedure path; overlay the controls.
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'signOut') return controls.signOut;
      if (property === 'tokens') return controls.tokens;
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as TasklaneClient;
}
