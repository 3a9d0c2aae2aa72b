// The link for live streams (`tasks.changes`), for Node and browsers alike. Each connection is
// tRPC's httpSubscriptionLink on an EventSource (the `eventsource` package: a browser's own cannot
// send headers) whose fetch sends the access token in the Authorization header, never in a URL.
// Around the connections, one loop per subscription keeps the stream going and resumes every
// reconnection after the last event received, so no event is lost or repeated:
// - shortly before the access token expires, it renews the token and moves to a new connection;
// - a stream refused as UNAUTHORIZED renews the token and reconnects, once per renewed token (a
//   refused renewal, or a renewed token refused at once, ends the session, as in `sessionLink`),
//   without showing the connection as reconnecting meanwhile;
// - after the network or the server drops, it reconnects with backoff (at least `Retry-After`).
// The EventSource's own reconnection is never used: each drop closes it and the loop takes over,
// so every connection asks the renewal strategy for a token first.
import {
  httpSubscriptionLink,
  TRPCClientError,
  type Operation,
  type OperationResultEnvelope,
  type TRPCLink,
} from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

import { errorCode, isClientRejection, isTasklaneError } from './client-errors';
import type { AppRouter, TasklaneClientError } from './router-types';
import type { TokenRenewal } from './token-source';

export interface SubscriptionLinkOptions {
  /** The tRPC endpoint, e.g. `https://tasks.example.com/api/trpc` (or `/api/trpc` in a page). */
  url: string;
  /** When and how to renew the access token (the same strategy the session link uses). */
  renewal: TokenRenewal;
  /** The access token `renewal.ready()` made ready. */
  accessToken: () => string | null | undefined;
  /** Extra headers on every connection (a `user-agent`). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** A fetch implementation; the global one by default. */
  fetch?: typeof globalThis.fetch | undefined;
  /** The first delay before reconnecting after a drop, doubled per failed attempt up to `max`. */
  reconnectDelayMs?: { first: number; max: number } | undefined;
}

export const DEFAULT_RECONNECT_DELAY_MS = { first: 500, max: 30_000 } as const;

/** A token due for renewal sooner than this is left to the reactive path (a badly set clock). */
const MIN_RENEWAL_DELAY_MS = 1000;
/** A connection live this long counts as a success: its drop starts the backoff afresh. */
const STABLE_CONNECTION_MS = 5000;
/** setTimeout fires at once beyond this (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

type Envelope = OperationResultEnvelope<unknown, TasklaneClientError>;
type EventSourceFetch = NonNullable<ConstructorParameters<typeof EventSource>[1]>['fetch'];

/** One connection: the token generation it was made with and how the server answered it. */
interface Connection {
  generation: number;
  /** The HTTP status and Retry-After of the response, once it came. */
  status?: number;
  retryAfterMs?: number;
  unsubscribe?: () => void;
  renewalTimer?: ReturnType<typeof setTimeout>;
  /** When the server answered with a stream. */
  connectedAt?: number;
}

export function subscriptionLink(options: SubscriptionLinkOptions): TRPCLink<AppRouter> {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const delays = options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS;
  const { renewal } = options;

  /** The EventSource's fetch for one connection: the token, and what the server answered. */
  const connectionFetch =
    (connection: Connection): EventSourceFetch =>
    async (input, init) => {
      const token = options.accessToken();
      const response = await baseFetch(String(input), {
        ...(init as RequestInit),
        headers: {
          ...init.headers,
          ...options.headers,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      connection.status = response.status;
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      if (retryAfter !== undefined) connection.retryAfterMs = retryAfter;
      return response;
    };

  return (runtime) =>
    ({ op }) =>
      observable<Envelope, TasklaneClientError>((observer) => {
        let current: Connection | undefined;
        let stopped = false;
        let lastEventId: string | undefined;
        let shown: 'connecting' | 'pending' = 'connecting';
        /** Failed connections since the last one that delivered an event or lasted. */
        let failures = 0;
        /** The token in use came from a renewal after a refusal: a refusal now is final. */
        let renewedAfterRefusal = false;
        let retryTimer: ReturnType<typeof setTimeout> | undefined;
        // Read through a function after an await: the subscriber may have left meanwhile.
        const isStopped = (): boolean => stopped;

        const show = (state: 'connecting' | 'pending', error: TasklaneClientError | null) => {
          if (state === shown && error === null) return;
          shown = state;
          observer.next({
            result:
              state === 'pending'
                ? { type: 'state', state, error: null }
                : { type: 'state', state, error },
          });
        };

        const close = (connection: Connection): void => {
          // Cleared first: closing makes tRPC's link complete, which must not count as an end.
          if (current === connection) current = undefined;
          clearTimeout(connection.renewalTimer);
          connection.unsubscribe?.();
        };

        const finish = (error: TasklaneClientError): void => {
          stopped = true;
          observer.error(error);
        };

        const endSession = (error: TasklaneClientError): void => {
          renewal.ended?.();
          finish(error);
        };

        const retryLater = (error: TasklaneClientError, retryAfter: number | undefined): void => {
          failures += 1;
          renewedAfterRefusal = false;
          show('connecting', error);
          const delay = Math.max(backoff(failures, delays), retryAfter ?? 0);
          retryTimer = setTimeout(() => {
            retryTimer = undefined;
            void connect();
          }, delay);
        };

        /** Renews ahead of expiry while the stream runs, then moves to a new connection. */
        const renewAhead = async (connection: Connection): Promise<void> => {
          renewal.reject(connection.generation);
          try {
            await renewal.ready();
          } catch (error) {
            if (current !== connection) return;
            // A refused renewal ends the session; otherwise the stream goes on until the server
            // ends it at expiry, and the next connection tries again.
            if (isClientRejection(error)) {
              close(connection);
              endSession(asClientError(error));
            }
            return;
          }
          if (current !== connection || isStopped()) return;
          close(connection);
          renewedAfterRefusal = false;
          void connect();
        };

        const scheduleRenewal = (connection: Connection): void => {
          const at = renewal.renewAt?.();
          if (at === undefined || connection.renewalTimer !== undefined) return;
          const delay = at - Date.now();
          if (delay < MIN_RENEWAL_DELAY_MS) return;
          connection.renewalTimer = setTimeout(
            () => void renewAhead(connection),
            Math.min(delay, MAX_TIMER_DELAY_MS),
          );
        };

        const onFailure = (connection: Connection, error: TasklaneClientError): void => {
          close(connection);
          // An answer alone proves little (a server without its database answers, then fails).
          const { connectedAt, status } = connection;
          if (connectedAt !== undefined && Date.now() - connectedAt >= STABLE_CONNECTION_MS) {
            failures = 0;
          }
          if (errorCode(error) === 'UNAUTHORIZED' || status === 401) {
            if (renewedAfterRefusal) {
              endSession(error);
              return;
            }
            renewal.reject(connection.generation);
            renewedAfterRefusal = true;
            // Not shown as reconnecting: the renewed token is either accepted at once (still
            // live) or refused (the session is over), and a reconnecting status between the two
            // would only flicker.
            void connect();
            return;
          }
          if (isClientRejection(error) || (status !== undefined && isFinalStatus(status))) {
            finish(error);
            return;
          }
          retryLater(error, connection.retryAfterMs);
        };

        const onEnvelope = (connection: Connection, envelope: Envelope): void => {
          const { result } = envelope;
          switch (result.type) {
            case 'state':
              // A drop: tRPC's link says it is reconnecting. The loop reconnects instead, with
              // a token the strategy vouches for.
              if (result.state === 'connecting' && result.error !== null) {
                onFailure(connection, result.error);
              } else if (result.state === 'pending') {
                connection.connectedAt = Date.now();
                show('pending', null);
                scheduleRenewal(connection);
              }
              return;
            case 'started':
            case 'stopped':
              observer.next(envelope);
              return;
            case 'data':
            case undefined:
              if ('id' in result && typeof result.id === 'string') lastEventId = result.id;
              failures = 0;
              renewedAfterRefusal = false;
              observer.next(envelope);
              return;
          }
        };

        const connect = async (): Promise<void> => {
          if (stopped) return;
          const connection: Connection = { generation: 0 };
          current = connection;
          try {
            connection.generation = await renewal.ready();
          } catch (error) {
            if (current !== connection || isStopped()) return;
            current = undefined;
            // Signed out, or the session is over: final. A network fault while renewing: retry.
            if (isTasklaneError(error) && !isClientRejection(error)) {
              retryLater(error, undefined);
            } else {
              if (isClientRejection(error)) renewal.ended?.();
              finish(asClientError(error));
            }
            return;
          }
          if (current !== connection || isStopped()) return;
          const transport = httpSubscriptionLink<AppRouter, typeof EventSource>({
            url: options.url,
            transformer: superjson,
            EventSource,
            eventSourceOptions: { fetch: connectionFetch(connection) },
          })(runtime);
          const resumed: Operation = { ...op, input: withLastEventId(op.input, lastEventId) };
          const subscription = transport({ op: resumed, next: unreachable }).subscribe({
            next: (envelope) => {
              if (current === connection) onEnvelope(connection, envelope);
            },
            error: (error) => {
              if (current === connection) onFailure(connection, error);
            },
            complete: () => {
              if (current !== connection) return;
              current = undefined;
              stopped = true;
              observer.complete();
            },
          });
          connection.unsubscribe = () => {
            subscription.unsubscribe();
          };
          // The subscription may have ended synchronously (before `unsubscribe` was set).
          if (current !== connection) subscription.unsubscribe();
        };

        observer.next({ result: { type: 'state', state: 'connecting', error: null } });
        void connect();
        return () => {
          stopped = true;
          clearTimeout(retryTimer);
          if (current !== undefined) close(current);
        };
      });
}

function unreachable(): never {
  throw new Error('httpSubscriptionLink ends the link chain');
}

/** The subscription's input with the id to resume after, as tRPC's own links set it. */
function withLastEventId(input: unknown, lastEventId: string | undefined): unknown {
  if (lastEventId === undefined) return input;
  if (input !== undefined && input !== null && typeof input !== 'object') return input;
  return { ...(input ?? {}), lastEventId };
}

/** Statuses no reconnection will change: a wrong URL, a refused method... (not 408 or 429). */
function isFinalStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function backoff(failures: number, delays: { first: number; max: number }): number {
  const ceiling = Math.min(delays.max, delays.first * 2 ** Math.min(failures - 1, 20));
  // Half fixed, half random: clients dropped together do not come back together.
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function asClientError(error: unknown): TasklaneClientError {
  return TRPCClientError.from(error instanceof Error ? error : { error });
}
