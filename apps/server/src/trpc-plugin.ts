// Adapts Fastify's request to the api package's framework-agnostic context.
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import {
  appRouter,
  createContext,
  streamRefusalOf,
  type ApiServices,
  type AppRouter,
  type Context,
  type RequestInfo,
} from '@tasklane/api';
import { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from '@tasklane/api/contract';

function requestInfo(request: FastifyRequest): RequestInfo {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    authorization: header('authorization'),
    cookies: request.cookies,
    ip: request.ip,
    userAgent: header('user-agent'),
    origin: header('origin'),
    secure: request.protocol === 'https',
  };
}

export type TrpcHandlerOptions = FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];

/** The api context of a Fastify request: cookies and headers a procedure sets go on the reply. */
export function fastifyContext(
  services: ApiServices,
  req: FastifyRequest,
  res: FastifyReply,
): Context {
  return createContext(services, requestInfo(req), {
    setCookie: (name, value, options) => {
      void res.setCookie(name, value, options);
    },
    setHeader: (name, value) => {
      void res.header(name, value);
    },
  });
}

/** How tRPC answers: the router, its context, and what the server adds to answers and errors. */
export function trpcHandlerOptions(
  app: FastifyInstance,
  services: ApiServices,
): TrpcHandlerOptions {
  return {
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req, res }: { req: FastifyRequest; res: FastifyReply }) =>
      fastifyContext(services, req, res),
    // A refused live stream answers 429 (too many of this person's) or 503 (this instance is
    // full or shutting down) with Retry-After; tRPC would otherwise send 200 and the error as
    // the stream's only event.
    responseMeta({ ctx, type }) {
      const refusal =
        type === 'subscription' && ctx !== undefined ? streamRefusalOf(ctx.response) : undefined;
      return refusal === undefined
        ? {}
        : {
            status: refusal.status,
            headers: new Headers({ 'retry-after': String(refusal.retryAfterSeconds) }),
          };
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      }
    },
  };
}

export async function registerTrpc(
  app: FastifyInstance,
  options: TrpcHandlerOptions,
): Promise<void> {
  await app.register(fastifyTRPCPlugin, { prefix: TRPC_ENDPOINT_PATH, trpcOptions: options });
}
