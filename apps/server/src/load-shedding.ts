// Load shedding: while the event loop lags (the process is saturated), new requests are refused
// at once with 503 + Retry-After instead of joining an ever longer queue, so the requests already
// accepted finish and a load balancer sends the excess elsewhere. Password hashing has its own,
// tighter limit in the api package (excess sign-ins get 429/503 before any hashing starts).
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { isTrpcRequest, trpcErrorBody } from './trpc-error-responses';

export interface LoadSheddingOptions {
  /** Mean event-loop delay (ms, sampled each second) above which new requests are refused. */
  maxEventLoopDelayMs?: number;
  retryAfterSeconds?: number;
  /** Sampling period of the event-loop delay. */
  sampleIntervalMs?: number;
}

export const OVERLOADED_MESSAGE = 'The server is overloaded. Please try again shortly.';

export async function registerLoadShedding(
  app: FastifyInstance,
  options: LoadSheddingOptions = {},
): Promise<void> {
  const retryAfter = options.retryAfterSeconds ?? 5;
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? 1000,
    sampleInterval: options.sampleIntervalMs ?? 1000,
    retryAfter,
    // under-pressure's signature; its last two arguments (what is under pressure, by how much)
    // travel as one so the handler keeps to three parameters.
    pressureHandler: async (request, reply, ...[type, value]) => {
      // Liveness must not fail because the process is busy: restarting it would lose the work
      // in flight and move its load onto the other instances.
      if (request.url === '/healthz') return;
      request.log.warn({ type, value }, 'shedding load');
      // Awaiting the sent reply matters: under-pressure continues the request once this settles,
      // and Fastify stops it only if the response has been written by then.
      await reply.code(503).header('retry-after', String(retryAfter)).send(overloadedBody(request));
    },
  });
}

/** What a refused request gets: the shape its client parses (a tRPC error, or plain JSON). */
function overloadedBody(request: FastifyRequest): unknown {
  return isTrpcRequest(request.url)
    ? trpcErrorBody(request.url, 'SERVICE_UNAVAILABLE', OVERLOADED_MESSAGE)
    : { status: 'unavailable', reason: 'overloaded', message: OVERLOADED_MESSAGE };
}
