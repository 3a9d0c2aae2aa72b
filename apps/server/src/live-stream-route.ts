// `tasks.changes` written straight to the Node response, in tRPC's SSE wire format (sse-frames.ts),
// instead of through tRPC's Fetch adapter. The procedure itself is called as tRPC calls it (its
// middleware, input validation and errors); what is left out is the layering around it: a Fetch
// `Request` per stream, tRPC's SSE producer (nested async generators, a ping timer per stream, a
// `ReadableStream` piped through two `TransformStream`s) and Fastify's reader of that stream. It
// held about 40 kB of heap per open stream and ran for every event of every stream
// (specs/performance.md, "Live events"). Here the stream's feed (task-change-feed.ts in the API)
// pushes its events to the socket: a change a notification carried is written from the wake
// itself, its frame made and encoded once for all of the person's streams, and one heartbeat
// timer serves every stream of the instance.
//
// The response is hijacked, so Fastify's onSend hooks do not run for it: what they do for an
// event stream is done here (the API's cache policy, the slow-stream guard's watch). Fastify's
// onRequest hooks (security headers, CORS, load shedding) have run by the time the handler does,
// and their headers are on the reply. Batched calls keep going through tRPC, which refuses them.
import type { ServerResponse } from 'node:http';

import { getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from '@trpc/server';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import {
  appRouter,
  streamRefusalOf,
  taskChangeFeedOf,
  type ApiServices,
  type Context,
  type TaskChangeFeed,
  type TaskEvent,
} from '@tasklane/api';
import { TRPC_ENDPOINT_PATH } from '@tasklane/api/contract';

import { API_CACHE_CONTROL } from './api-cache-control';
import type { SlowStreamGuard } from './slow-stream-guard';
import {
  connectedFrame,
  errorFrame,
  PING_FRAME,
  RETURN_FRAME,
  SSE_HEADERS,
  sseFrame,
} from './sse-frames';
import { fastifyContext, type TrpcHandlerOptions } from './trpc-plugin';

const PATH = 'tasks.changes';

export interface LiveStreamOptions {
  services: ApiServices;
  /** tRPC's options, for its error hook and for the calls it keeps (batches). */
  trpc: TrpcHandlerOptions;
  slowStreams: SlowStreamGuard;
  /** Overrides the router's heartbeat interval (tests: an idle stream's heartbeats in moments). */
  heartbeatMs?: number | undefined;
}

/** One call of the procedure: what its error events are made with. */
interface Call {
  request: FastifyRequest;
  ctx: Context;
  /** The input as read from the request, once it has been read. */
  input: unknown;
}

const config = appRouter._def._config;

/** The id the client's EventSource holds, as tRPC reads it (contentType.ts: getLastEventId). */
function lastEventIdOf(request: FastifyRequest, url: URL): string | null {
  const header = request.headers['last-event-id'];
  return (
    (Array.isArray(header) ? header[0] : header) ??
    url.searchParams.get('lastEventId') ??
    url.searchParams.get('Last-Event-Id')
  );
}

/** The input as tRPC reads a GET subscription's: `?input=`, with the last event id merged in. */
function readInput(url: URL, lastEventId: string | null): unknown {
  const text = url.searchParams.get('input');
  let input: unknown;
  try {
    input =
      text === null || text === ''
        ? undefined
        : config.transformer.input.deserialize(JSON.parse(text));
  } catch (cause) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: cause instanceof Error ? cause.message : 'Invalid input',
      cause,
    });
  }
  if (lastEventId === null || lastEventId === '') return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    return { ...input, lastEventId };
  }
  return input ?? { lastEventId };
}

function isAbortError(cause: unknown): boolean {
  return (
    typeof cause === 'object' && cause !== null && 'name' in cause && cause.name === 'AbortError'
  );
}

export function registerLiveStreams(app: FastifyInstance, options: LiveStreamOptions): void {
  const { services, trpc, slowStreams } = options;
  const connected = connectedFrame(config.sse?.client ?? {});
  /** Open streams, for the heartbeat. */
  const open = new Set<ServerResponse>();

  // One timer for every stream: a stream gets a heartbeat at most one interval after it opened
  // or after the previous one. A full socket is skipped: it has bytes to send, and the slow-stream
  // guard watches it.
  const ping = config.sse?.ping;
  if (ping?.enabled === true) {
    const heartbeat = setInterval(
      () => {
        for (const response of open) {
          if (!response.writableNeedDrain) response.write(PING_FRAME);
        }
      },
      options.heartbeatMs ?? ping.intervalMs ?? 1000,
    );
    heartbeat.unref();
    app.addHook('onClose', (_instance, done) => {
      clearInterval(heartbeat);
      done();
    });
  }

  /**
   * An event's frame, as bytes. A live event read once for all of a person's streams is sent to
   * each of them as the same object with the same id, so its frame is made (serialised, as JSON,
   * and encoded) once, not once per stream.
   */
  const framesOfEvent = new WeakMap<TaskEvent, { seq: number; bytes: Buffer }>();
  const frameOf = (seq: number, event: TaskEvent): Buffer => {
    const made = framesOfEvent.get(event);
    if (made?.seq === seq) return made.bytes;
    const data = JSON.stringify(config.transformer.output.serialize(event));
    const bytes = Buffer.from(sseFrame({ id: String(seq), data }));
    framesOfEvent.set(event, { seq, bytes });
    return bytes;
  };

  /** The error event a call ends with, reported to the server's error hook as tRPC does. */
  const errorData = (cause: unknown, call: Call): string => {
    const error = getTRPCErrorFromUnknown(cause);
    const { ctx, input, request } = call;
    trpc.onError?.({ error, path: PATH, input, ctx, type: 'subscription', req: request });
    const shape = getTRPCErrorShape({
      config,
      ctx,
      error,
      input,
      path: PATH,
      type: 'subscription',
    });
    return JSON.stringify(config.transformer.output.serialize(shape));
  };

  /**
   * Writes what the feed sends as the client reads it. A full socket stops the feed until it
   * drains; the slow-stream guard drops a socket that stays full.
   */
  const send = (response: ServerResponse, feed: TaskChangeFeed, call: Call): Promise<void> =>
    new Promise((resolve) => {
      const resume = (): void => {
        feed.resume();
      };
      response.on('drain', resume);
      feed.start({
        send: (seq, event) => !response.destroyed && response.write(frameOf(seq, event)),
        end(error) {
          response.off('drain', resume);
          // An abort ends the response without an event, so the EventSource reconnects and
          // resumes (task-changes' reconnectRequested); no error means the procedure returned.
          if (!response.destroyed) {
            if (error === undefined) response.write(RETURN_FRAME);
            else if (!isAbortError(error)) response.write(errorFrame(errorData(error, call)));
          }
          open.delete(response);
          response.end();
          resolve();
        },
      });
    });

  app.route({
    method: 'GET',
    url: `${TRPC_ENDPOINT_PATH}/${PATH}`,
    // HEAD, like any method the procedure does not take, is tRPC's to refuse.
    exposeHeadRoute: false,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://localhost');
      if (url.searchParams.has('batch')) {
        await fastifyRequestHandler({ ...trpc, req: request, res: reply, path: PATH });
        return reply;
      }
      const response = reply.raw;
      const ctx = fastifyContext(services, request, reply);
      const lastEventId = lastEventIdOf(request, url);
      const call: Call = { request, ctx, input: undefined };
      // The client going away ends the stream and frees its place in the limits at once, even
      // while the procedure is still being called.
      const gone = new AbortController();
      response.once('close', () => {
        gone.abort();
      });

      let feed: TaskChangeFeed | undefined;
      let failure: string | undefined;
      try {
        const result: unknown = await appRouter.tasks.changes({
          path: PATH,
          // Read when the procedure's input parser asks, after its middleware, as tRPC does.
          getRawInput: () =>
            new Promise((resolve) => {
              call.input = readInput(url, lastEventId);
              resolve(call.input);
            }),
          ctx,
          type: 'subscription',
          signal: gone.signal,
          batchIndex: 0,
        });
        feed = typeof result === 'object' && result !== null ? taskChangeFeedOf(result) : undefined;
        if (feed === undefined) {
          throw new TRPCError({
            code: 'INTERNAL_SERVER_ERROR',
            message: `Subscription ${PATH} did not return a task change feed`,
          });
        }
      } catch (cause) {
        failure = errorData(cause, call);
      }

      // Refused for the limits: 429 or 503, with the Retry-After the procedure set on the reply.
      const status = streamRefusalOf(ctx.response)?.status ?? 200;
      reply.hijack();
      if (response.destroyed) {
        feed?.close();
        return;
      }
      // What Fastify would have sent: the headers the onRequest hooks put on the reply.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) response.setHeader(name, value);
      }
      for (const [name, value] of Object.entries(SSE_HEADERS)) response.setHeader(name, value);
      // What the API's onSend hook gives every answer, and no-transform: a proxy compressing the
      // stream would hold events back.
      response.setHeader('cache-control', `${API_CACHE_CONTROL}, no-transform`);
      response.writeHead(status);
      slowStreams.watch(response);
      response.write(connected);
      if (feed === undefined) {
        if (failure !== undefined) response.write(errorFrame(failure));
        response.end();
        return;
      }
      open.add(response);
      await send(response, feed, call);
    },
  });
}
