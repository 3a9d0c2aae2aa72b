// What a successful sign-up, sign-in or refresh returns: the user, a fresh access token, and the
// refresh token either as an HttpOnly cookie (browsers) or in the body (other clients).
import type { Context } from '../context';
import type { TokenDelivery } from './auth-schemas';
import { setRefreshCookie } from './refresh-cookie';

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

export interface AuthSession {
  user: User;
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Only with `tokenDelivery: 'body'`; browsers get an HttpOnly cookie instead. */
  refreshToken?: string;
}

export interface OpenedSession {
  user: User;
  sessionId: string;
  refreshToken: string;
  /** End of the session; the cookie lives exactly as long. */
  expiresAt: Date;
}

export async function deliverSession(
  ctx: Context,
  opened: OpenedSession,
  delivery: TokenDelivery,
): Promise<AuthSession> {
  const { token, expiresAt } = await ctx.services.tokens.issue({
    userId: opened.user.id,
    sessionId: opened.sessionId,
  });
  const session: AuthSession = {
    user: opened.user,
    accessToken: token,
    accessTokenExpiresAt: expiresAt,
  };
  if (delivery === 'body') return { ...session, refreshToken: opened.refreshToken };
  setRefreshCookie(
    { auth: ctx.services.auth, request: ctx.request, response: ctx.response },
    opened.refreshToken,
    opened.expiresAt,
  );
  return session;
}

export const DEFAULT_REFRESH_IDLE_SECONDS = 7 * 24 * 3600;

export function refreshIdleSeconds(ctx: Context): number {
  return ctx.services.auth.refreshIdleTtlSeconds ?? DEFAULT_REFRESH_IDLE_SECONDS;
}
