// Requests refused before they reach tRPC (a body over the limit, a content type tRPC cannot
// read, load shedding) are answered in tRPC's own error shape, made by the app's error formatter,
// so a client parses every /api/trpc answer the same way and nothing internal leaks.
import {
  getTRPCErrorShape,
  transformTRPCResponse,
  TRPCError,
  type TRPC_ERROR_CODE_KEY,
} from '@trpc/server';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { appRouter, BadRequestError, UNREADABLE_REQUEST_MESSAGE } from '@tasklane/api';
import { TRPC_ENDPOINT_PATH } from '@tasklane/api/contract';

export const TRPC_PREFIX = `${TRPC_ENDPOINT_PATH}/`;

export function isTrpcRequest(url: string): boolean {
  return url.startsWith(TRPC_PREFIX);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // malformed %-encoding: tRPC itself refuses the path
  }
}

/** The body tRPC would send for this error: one envelope, or one per call of a batch. */
export function trpcErrorBody(url: string, code: TRPC_ERROR_CODE_KEY, message: string): unknown {
  const parsed = new URL(url, 'http://localhost');
  const config = appRouter._def._config;
  const paths = safeDecode(parsed.pathname.slice(TRPC_PREFIX.length)).split(',');
  const envelopes = paths.map((path) => ({
    error: getTRPCErrorShape({
      config,
      // Every message here is written for people, a BAD_REQUEST's included.
      error:
        code === 'BAD_REQUEST' ? new BadRequestError(message) : new TRPCError({ code, message }),
      type: 'unknown',
      path,
      input: undefined,
      ctx: undefined,
    }),
  }));
  const [first] = envelopes;
  if (parsed.searchParams.get('batch') !== '1' && first !== undefined) {
    return transformTRPCResponse(config, first);
  }
  return transformTRPCResponse(config, envelopes);
}

const CODE_OF_STATUS: Readonly<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

const MESSAGE_OF_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request body as JSON (Content-Type: application/json).',
  BAD_REQUEST: UNREADABLE_REQUEST_MESSAGE,
};

async function refuseNonJsonBodies(request: FastifyRequest, reply: FastifyReply) {
  if (!isTrpcRequest(request.url) || request.method === 'GET' || request.method === 'HEAD') {
    return undefined;
  }
  const contentType = request.headers['content-type'];
  // Absent: tRPC answers that itself. JSON is all our procedures take; tRPC's own form-data and
  // octet-stream handling is for procedures we do not have, and fails badly on the others.
  if (contentType === undefined) return undefined;
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (media === 'application/json') return undefined;
  const code = 'UNSUPPORTED_MEDIA_TYPE';
  return reply.code(415).send(trpcErrorBody(request.url, code, MESSAGE_OF_CODE[code] ?? code));
}

export function registerTrpcErrorResponses(app: FastifyInstance): void {
  app.addHook('onRequest', refuseNonJsonBodies);
  // Must be set before the tRPC routes are registered: a route keeps the handler of its time.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!isTrpcRequest(request.url)) throw error;
    const status = error.statusCode ?? 500;
    const code: TRPC_ERROR_CODE_KEY =
      status >= 500
        ? (CODE_OF_STATUS[status] ?? 'INTERNAL_SERVER_ERROR')
        : (CODE_OF_STATUS[status] ?? 'BAD_REQUEST');
    if (status >= 500) request.log.error({ err: error }, 'request failed before reaching tRPC');
    // The formatter replaces an internal error's message; the others get a fixed one, never the
    // framework's wording.
    const message = MESSAGE_OF_CODE[code] ?? code;
    return reply
      .code(code === 'INTERNAL_SERVER_ERROR' ? 500 : status)
      .send(trpcErrorBody(request.url, code, message));
  });
}

/**
 * Fastify's `frameworkErrors` option: a URL it cannot decode, or a procedure path longer than the
 * router accepts, is refused before any route (and so before the error handler above) runs.
 */
export function trpcFrameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (!isTrpcRequest(request.url)) {
    void reply.code(error.statusCode ?? 400).send(error);
    return;
  }
  void reply
    .code(400)
    .send(trpcErrorBody(request.url, 'BAD_REQUEST', 'The procedure path could not be read.'));
}
