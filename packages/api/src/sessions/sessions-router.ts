// The session procedures of `auth`: sign in, refresh, sign out, and the list of sessions. Each
// reads the request (cookie, origin), calls its use case and answers; session-errors.ts maps the
// use cases' errors to tRPC errors. Contract: specs/contracts/auth.md.
import type { TRPCRouterRecord } from '@trpc/server';

import type { Context } from '../context';
import { mapDomainErrors, protectedProcedure, publicProcedure } from '../trpc';
import { authenticate, type Viewer } from './authenticate';
import { readRefreshCookie } from './refresh-cookie';
import { refreshSession } from './refresh';
import {
  clearSessionCookie,
  deliverSession,
  endBrowserSession,
  refreshIdleSeconds,
} from './session-delivery';
import { sessionErrorResponse, signInAgain } from './session-errors';
import { refreshInput, revokeSessionInput, signInInput } from './session-schemas';
import { liveSessions, sessionOfRefreshToken } from './session-store';
import { signIn } from './sign-in';
import { revokeSession, signOut, signOutEverywhere } from './sign-out';
import { requireWebOrigin } from './web-origin';

const sessionErrors = mapDomainErrors(sessionErrorResponse);
const publicSessionProcedure = publicProcedure.use(sessionErrors);
const protectedSessionProcedure = protectedProcedure.use(sessionErrors);

/** The refresh cookie, accepted only from one of our web origins. */
function cookieToken(ctx: Context): string | undefined {
  const token = readRefreshCookie(ctx.services.auth, ctx.request);
  if (token !== undefined) requireWebOrigin(ctx.services.auth, ctx.request.origin);
  return token;
}

/**
 * Who is signing out: the access token's viewer, or, once it expired, the refresh cookie's. (A key
 * never gets here: publicProcedure refuses it.)
 */
async function signingOutViewer(ctx: Context): Promise<Viewer | null> {
  const viewer = await authenticate(ctx.services, ctx.request.authorization);
  if (viewer !== null) return viewer;
  const token = cookieToken(ctx);
  if (token === undefined) throw signInAgain();
  return sessionOfRefreshToken(ctx.services.db, token);
}

export const sessionProcedures = {
  signIn: publicSessionProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const opened = await signIn(ctx.services, ctx.request, input);
    return deliverSession(ctx, opened, input.tokenDelivery ?? 'cookie');
  }),

  refresh: publicSessionProcedure.input(refreshInput).mutation(async ({ ctx, input }) => {
    const fromBody = input?.refreshToken;
    const token = fromBody ?? cookieToken(ctx);
    if (token === undefined) throw signInAgain();
    const delivery = fromBody === undefined ? 'cookie' : 'body';
    const result = await refreshSession(ctx.services, { token, ip: ctx.request.ip });
    switch (result.kind) {
      case 'rotated':
        return deliverSession(ctx, result, delivery);
      case 'reused':
      case 'invalid':
        if (delivery === 'cookie') clearSessionCookie(ctx);
        throw signInAgain();
    }
  }),

  /** Protected by the access token, or by the refresh cookie from a web origin once it expired. */
  signOut: publicSessionProcedure.mutation(async ({ ctx }) => {
    const viewer = await signingOutViewer(ctx);
    if (viewer !== null) await signOut(ctx.services, viewer);
    endBrowserSession(ctx);
    return { ok: true as const };
  }),

  signOutEverywhere: protectedSessionProcedure.mutation(async ({ ctx }) => {
    const revoked = await signOutEverywhere(ctx.services, ctx);
    endBrowserSession(ctx);
    return { revoked };
  }),

  sessions: protectedSessionProcedure.query(async ({ ctx }) => {
    const idle = refreshIdleSeconds(ctx.services.auth);
    const sessions = await liveSessions(ctx.services.db, ctx.userId, idle);
    return sessions.map((session) => ({ ...session, current: session.id === ctx.sessionId }));
  }),

  revokeSession: protectedSessionProcedure
    .input(revokeSessionInput)
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.services, ctx, input.sessionId);
      if (input.sessionId === ctx.sessionId) clearSessionCookie(ctx);
      return { ok: true as const };
    }),
} satisfies TRPCRouterRecord;
