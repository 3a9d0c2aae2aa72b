// A `tasks.changes` subscriber over real HTTP, made the way a client makes it: tRPC's
// httpSubscriptionLink on an EventSource whose fetch sends the access token in the Authorization
// header. It records every URL it requested, so a test can prove no token ever went into one. A
// read gate makes it a slow client: while the gate is shut it takes nothing from the connection.
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

import type { AppRouter, TaskEvent } from '@tasklane/api';

export interface StreamedEvent {
  id: string;
  event: TaskEvent;
}

export interface TaskStreamClient {
  events: StreamedEvent[];
  /** Every URL the EventSource requested (first connection and each reconnection). */
  urls: string[];
  /** Connection states seen, in order ('connecting', 'pending', 'idle'). */
  states: string[];
  /** The error that ended the subscription, once it has. */
  error(): unknown;
  until(predicate: (events: readonly StreamedEvent[]) => boolean): Promise<void>;
  /** Resolves with the error (or undefined) once the subscription has ended. */
  ended(): Promise<unknown>;
  close(): void;
}

/** Shut, the client reads nothing more from its connection (as a stalled or slow client). */
export interface ReadGate {
  shut(): void;
  open(): void;
  /** Resolves once the gate is open. */
  opened(): Promise<void>;
}

export function createReadGate(): ReadGate {
  let isOpen = true;
  const waiters: (() => void)[] = [];
  return {
    shut() {
      isOpen = false;
    },
    open() {
      isOpen = true;
      for (const waiter of waiters.splice(0)) waiter();
    },
    opened: () =>
      isOpen
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push(resolve);
          }),
  };
}

/** The body read only through the gate: while it is shut, fetch stops reading the socket. */
function gatedBody(body: ReadableStream<Uint8Array>, gate: ReadGate): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await gate.opened();
        const chunk = await reader.read();
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

export function subscribeToTaskChanges(options: {
  baseUrl: string;
  /** Asked on every (re)connection, so a reconnect carries a fresh token. */
  accessToken: () => string | Promise<string>;
  lastEventId?: string;
  /** Reads each connection through this gate. */
  readGate?: ReadGate;
}): TaskStreamClient {
  const events: StreamedEvent[] = [];
  const urls: string[] = [];
  const states: string[] = [];
  let failure: unknown;
  let finished = false;
  let changed: () => void = () => undefined;
  const notify = (): void => {
    changed();
  };

  const client = createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${options.baseUrl}/api/trpc`,
        transformer: superjson,
        EventSource,
        eventSourceOptions: () => ({
          fetch: async (input, init) => {
            urls.push(String(input));
            const token = await options.accessToken();
            const response = await fetch(input, {
              ...init,
              headers: { ...init.headers, authorization: `Bearer ${token}` },
            });
            const { readGate } = options;
            if (readGate === undefined || response.body === null) return response;
            return new Response(gatedBody(response.body, readGate), {
              status: response.status,
              statusText: response.statusText,
              headers: response.headers,
            });
          },
        }),
      }),
    ],
  });

  const subscription = client.tasks.changes.subscribe(
    options.lastEventId === undefined ? undefined : { lastEventId: options.lastEventId },
    {
      onData: ({ id, data }) => {
        events.push({ id, event: data });
        notify();
      },
      onConnectionStateChange: (state) => {
        states.push(state.state);
        notify();
      },
      onError: (error) => {
        failure = error;
        finished = true;
        notify();
      },
      onComplete: () => {
        finished = true;
        notify();
      },
    },
  );

  const waitForChange = (): Promise<void> =>
    new Promise<void>((resolve) => {
      changed = resolve;
    });

  return {
    events,
    urls,
    states,
    error: () => failure,
    async until(predicate) {
      for (;;) {
        if (predicate(events)) return;
        if (finished) throw new Error(`the stream ended: ${String(failure)}`);
        await waitForChange();
      }
    },
    async ended() {
      while (!finished) await waitForChange();
      return failure;
    },
    close() {
      subscription.unsubscribe();
      finished = true;
      notify();
    },
  };
}
