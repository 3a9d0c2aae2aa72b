// Ending sessions: this one (auth.signOut), all of them (auth.signOutEverywhere), or one picked
// from the list (auth.revokeSession). Each takes effect on every instance before it answers.
import { TRPCError } from '@trpc/server';

import type { Context } from '../context';
import { signInAgain } from './auth-errors';
import { requireWebOrigin } from './auth-guards';
import { authenticate, type Viewer } from './authenticate';
import { clearRefreshCookie, readRefreshCookie } from './refresh-cookie';
import { revokeSessions, sessionOfRefreshToken } from './session-store';

export type SignedInContext = Context & Viewer;

function clearCookie(ctx: Context): void {
  clearRefreshCookie({ auth: ctx.services.auth, request: ctx.request, response: ctx.response });
}

async function revoke(
  ctx: Context,
  scope: { userId: string; sessionId?: string; exceptSessionId?: string },
): Promise<string[]> {
  const revoked = await revokeSessions(ctx.services.db, scope);
  await ctx.services.sessions.revoked(revoked);
  return revoked;
}

/**
 * Signs out with the access token, or, when it has expired, with the refresh cookie from one of
 * our web origins. Signing out of a session that is already gone succeeds.
 */
export async function signOut(ctx: Context): Promise<{ ok: true }> {
  let viewer: Viewer | null = await authenticate(ctx.services, ctx.request.authorization);
  if (viewer === null) {
    const cookie = readRefreshCookie(ctx.services.auth, ctx.request);
    if (cookie === undefined) throw signInAgain();
    requireWebOrigin(ctx);
    viewer = await sessionOfRefreshToken(ctx.services.db, cookie);
  }
  if (viewer !== null) {
    await revoke(ctx, viewer);
    ctx.services.logger.info(
      { event: 'auth.sign_out', userId: viewer.userId, sessionId: viewer.sessionId },
      'signed out',
    );
  }
  clearCookie(ctx);
  return { ok: true };
}

export async function signOutEverywhere(ctx: SignedInContext): Promise<{ revoked: number }> {
  const revoked = await revoke(ctx, { userId: ctx.userId });
  ctx.services.logger.info(
    { event: 'auth.sign_out_everywhere', userId: ctx.userId, revoked: revoked.length },
    'signed out everywhere',
  );
  clearCookie(ctx);
  return { revoked: revoked.length };
}

export async function revokeSession(
  ctx: SignedInContext,
  sessionId: string,
): Promise<{ ok: true }> {
  const revoked = await revoke(ctx, { userId: ctx.userId, sessionId });
  // Another user's session and a made-up id look the same.
  if (revoked.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such session.' });
  ctx.services.logger.info(
    { event: 'auth.session_revoked', userId: ctx.userId, sessionId },
    'session revoked',
  );
  if (sessionId === ctx.sessionId) clearCookie(ctx);
  return { ok: true };
}
