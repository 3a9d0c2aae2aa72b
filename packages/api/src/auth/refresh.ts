// auth.refresh: a used-once refresh token (from the body, or the HttpOnly cookie) for a new access
// token and a new refresh token. A token presented a second time revokes its whole session.
import type { z } from 'zod';

import type { Context } from '../context';
import { signInAgain } from './auth-errors';
import { requireWebOrigin } from './auth-guards';
import type { refreshInput } from './auth-schemas';
import { deliverSession, refreshIdleSeconds, type AuthSession } from './auth-session';
import { clearRefreshCookie, readRefreshCookie } from './refresh-cookie';
import { rotateRefreshToken } from './session-store';

export async function refresh(
  ctx: Context,
  input: z.output<typeof refreshInput>,
): Promise<AuthSession> {
  const cookieContext = { auth: ctx.services.auth, request: ctx.request, response: ctx.response };
  const fromBody = input?.refreshToken;
  const token = fromBody ?? readRefreshCookie(ctx.services.auth, ctx.request);
  if (token === undefined) throw signInAgain();
  const delivery = fromBody === undefined ? 'cookie' : 'body';
  if (delivery === 'cookie') requireWebOrigin(ctx);

  const result = await rotateRefreshToken(ctx.services.db, token, refreshIdleSeconds(ctx));
  switch (result.kind) {
    case 'rotated':
      return deliverSession(ctx, result, delivery);
    case 'reused':
      await ctx.services.sessions.revoked(result.revokedSessionIds);
      ctx.services.logger.warn(
        {
          event: 'auth.refresh_token_reused',
          sessionIds: result.revokedSessionIds,
          ip: ctx.request.ip,
        },
        'a used refresh token was presented again; its session is revoked',
      );
      if (delivery === 'cookie') clearRefreshCookie(cookieContext);
      throw signInAgain();
    case 'invalid':
      if (delivery === 'cookie') clearRefreshCookie(cookieContext);
      throw signInAgain();
  }
}
