// tRPC initialisation: the transformer, the error shape every client sees, and the procedure
// builders. Nothing internal (stack, SQL, constraint names, paths) ever reaches a response.
import { initTRPC, type TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';

import type { Context } from './context';
import { throwIfDatabaseUnavailable } from './database-unavailable';
import { BadRequestError, ExposedError } from './exposed-error';
import { apiKeyNotAllowed, apiKeyNotValid, missingScope } from './api-keys/api-key-errors';
import { looksLikeApiKey } from './api-keys/api-key-secret';
import { scopeFor, type ApiKeyResource } from './contract/api-key-rules';
import { limitErrorResponse } from './limits/limit-responses';
import { bearerToken } from './sessions/authenticate';
import { signInAgain } from './sessions/session-errors';
import { serializeOutput } from './superjson-output';
import { identifyViewer, type RequestViewer } from './viewer';

/** A comment line on every idle live stream at least this often, so proxies keep it open. */
export const STREAM_HEARTBEAT_MS = 25_000;

const t = initTRPC.context<Context>().create({
  sse: {
    ping: { enabled: true, intervalMs: STREAM_HEARTBEAT_MS },
    // Sent to the client: a stream silent for this long (no event, no heartbeat) is dead, so the
    // client reconnects instead of waiting on a half-open connection.
    client: { reconnectAfterInactivityMs: STREAM_HEARTBEAT_MS * 2 + 5000 },
  },
  // Inputs are parsed by superjson; outputs (results and errors) are written by serializeOutput,
  // which emits superjson's exact wire format at a third less CPU (superjson-output.ts).
  transformer: {
    input: superjson,
    output: { serialize: serializeOutput, deserialize: superjson.deserialize },
  },
  errorFormatter({ shape, error }) {
    const zodError =
      error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : null;
    return {
      message: publicMessage(error, shape.message, zodError !== null),
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError: zodError === null ? null : z.flattenError(zodError),
        ...errorDetails(error),
      },
    };
  },
});

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on our side. Please try again.';
export const UNREADABLE_REQUEST_MESSAGE = 'The request could not be read.';

/**
 * The message a client sees. An internal error never shows its own. A BAD_REQUEST (or
 * PARSE_ERROR) shows its message only when it is ours: input validation (a zod error) or a
 * BadRequestError. Any other one was raised while reading the request, and its message is a
 * parser's or a library's ("Unexpected end of JSON input", superjson's class names and URLs).
 */
function publicMessage(error: TRPCError, message: string, validation: boolean): string {
  switch (error.code) {
    case 'INTERNAL_SERVER_ERROR':
      return INTERNAL_ERROR_MESSAGE;
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
      return validation || error instanceof BadRequestError ? message : UNREADABLE_REQUEST_MESSAGE;
    default:
      return message;
  }
}

/** Extra data a procedure deliberately attaches to an error (e.g. the current task on CONFLICT). */
function errorDetails(error: TRPCError): { details?: unknown } {
  return error instanceof ExposedError ? { details: error.details } : {};
}

export { BadRequestError, ExposedError } from './exposed-error';

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** A database outage answers 503 SERVICE_UNAVAILABLE, never a 500 (database-unavailable.ts). */
const baseProcedure = t.procedure.use(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    throwIfDatabaseUnavailable(result.error, {
      response: ctx.response,
      logger: ctx.services.logger,
    });
  }
  return result;
});

/**
 * Needs no sign-in (signing up and in, refreshing, resetting a password, starting device login).
 * A request with an API key is FORBIDDEN here all the same: a key reaches only the procedures
 * built to take one (`scopedProcedure`, and `viewerProcedure` for `auth.me`), so whichever builder
 * a new procedure is made with, keys cannot call it until it is given a scope.
 */
export const publicProcedure = baseProcedure.use(({ ctx, next }) => {
  if (isApiKeyRequest(ctx.request.authorization)) throw apiKeyNotAllowed();
  return next();
});

/**
 * The signed-in caller, a session or an API key, as `ctx.viewer` (and its `ctx.userId`). An
 * unknown, revoked or expired credential is UNAUTHORIZED; a key past its request limit is
 * TOO_MANY_REQUESTS with Retry-After.
 */
const signedInProcedure = baseProcedure.use(async ({ ctx, next }) => {
  let viewer: RequestViewer | null;
  try {
    viewer = await identifyViewer(ctx.services, ctx.request.authorization);
  } catch (error) {
    throw limitErrorResponse(ctx, error) ?? error;
  }
  if (viewer === null) {
    throw isApiKeyRequest(ctx.request.authorization) ? apiKeyNotValid() : signInAgain();
  }
  return next({ ctx: { ...ctx, viewer, userId: viewer.userId } });
});

/**
 * Any signed-in caller: a session, or an API key whatever its scopes. Only for what every key
 * may do (`auth.me`: whose key it is); anything a key acts on takes `scopedProcedure`.
 */
export const viewerProcedure = signedInProcedure;

/**
 * A person signed in with a session; an API key is FORBIDDEN. Managing the account, sessions and
 * keys is built on this, and so is any procedure not yet given scopes: a key can do nothing it
 * was not explicitly scoped for. Every procedure below sees `ctx.userId` and `ctx.sessionId`.
 */
export const protectedProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.viewer.kind !== 'session') throw apiKeyNotAllowed();
  return next({ ctx: { ...ctx, viewer: ctx.viewer, sessionId: ctx.viewer.sessionId } });
});

/**
 * A procedure of `resource`, open to a session and to a key holding the resource's scope for it:
 * `<resource>:read` for queries and subscriptions, `<resource>:write` for mutations.
 */
export function scopedProcedure(resource: ApiKeyResource) {
  return signedInProcedure.use(({ ctx, type, next }) => {
    if (ctx.viewer.kind === 'apiKey') {
      const scope = scopeFor(resource, type);
      if (!ctx.viewer.scopes.includes(scope)) throw missingScope(scope);
    }
    return next();
  });
}

function isApiKeyRequest(authorization: string | undefined): boolean {
  const token = bearerToken(authorization);
  return token !== undefined && looksLikeApiKey(token);
}

/**
 * Turns a resolver's domain error into the tRPC error `respond` gives for it: each router part
 * maps its use cases' errors in one place. Errors `respond` does not know pass unchanged.
 */
export function mapDomainErrors(respond: (ctx: Context, error: unknown) => TRPCError | undefined) {
  return t.middleware(async ({ ctx, next }) => {
    const result = await next();
    if (!result.ok) {
      const mapped = respond(ctx, result.error.cause);
      if (mapped !== undefined) throw mapped;
    }
    return result;
  });
}
