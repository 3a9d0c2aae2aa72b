// Drops the connection of a live event stream (an SSE response) whose client stopped taking what
// is sent: its socket has not drained for `stallTimeoutMs`. The server never queues a backlog for
// a slow client (tRPC and Fastify write the next event only once the socket drains, so a stream
// holds its socket's buffer and the batch it read from the log), but a stalled stream would hold
// them, and its place in the stream limits, for as long as the connection lives. Dropped, the
// client's EventSource reconnects with Last-Event-ID and resumes from the event log.
//
// Streams answered through Fastify (an SSE `Response`) are watched from an onSend hook; the live
// streams written straight to the Node response (live-stream-route.ts) skip onSend and call
// `watch` themselves.
import type { ServerResponse } from 'node:http';

import type { FastifyInstance } from 'fastify';

export const DEFAULT_STREAM_STALL_TIMEOUT_MS = 10_000;

export interface SlowStreamGuardOptions {
  /** How long an event stream's socket may stay full (no drain) before it is dropped. */
  stallTimeoutMs: number;
}

export interface SlowStreamGuard {
  /** Watches an event stream's response until it closes. */
  watch(response: ServerResponse): void;
}

function isEventStream(payload: unknown): boolean {
  return (
    payload instanceof Response &&
    payload.headers.get('content-type')?.startsWith('text/event-stream') === true
  );
}

export function registerSlowStreamGuard(
  app: FastifyInstance,
  options: SlowStreamGuardOptions,
): SlowStreamGuard {
  const { stallTimeoutMs } = options;
  /** Open event streams, and since when each one's socket has been full (undefined: it is not). */
  const stalledSince = new Map<ServerResponse, number | undefined>();
  // Checked a few times per timeout, so a stream is dropped between 1x and 1.25x of it.
  const checkEveryMs = Math.min(1000, Math.max(10, Math.floor(stallTimeoutMs / 4)));

  const check = setInterval(() => {
    const now = Date.now();
    for (const [response, since] of stalledSince) {
      if (!response.writableNeedDrain) {
        stalledSince.set(response, undefined);
      } else if (since === undefined) {
        stalledSince.set(response, now);
      } else if (now - since >= stallTimeoutMs) {
        stalledSince.delete(response);
        app.log.warn(
          { event: 'events.slow_stream_closed', stalledMs: now - since },
          'closed a live stream whose client stopped reading; it resumes from its last event id',
        );
        response.destroy();
      }
    }
  }, checkEveryMs);
  check.unref();

  const watch = (response: ServerResponse): void => {
    stalledSince.set(response, undefined);
    // Any drain proves the client is reading: the wait starts again from the next full socket.
    response.on('drain', () => {
      if (stalledSince.has(response)) stalledSince.set(response, undefined);
    });
    response.once('close', () => stalledSince.delete(response));
  };

  app.addHook('onSend', async (_request, reply, payload) => {
    if (isEventStream(payload)) watch(reply.raw);
    return payload;
  });

  app.addHook('onClose', (_instance, done) => {
    clearInterval(check);
    stalledSince.clear();
    done();
  });
  return { watch };
}
