// What a successful sign-up, sign-in or refresh returns: the user, a fresh access token, and the
// refresh token either as an HttpOnly cookie (browsers) or in the body (other clients). Router
// side: it writes to the response.
import type { User } from '../accounts/user-store';
import type { AuthConfig, Context } from '../context';
import { clearRefreshCookie, setRefreshCookie } from './refresh-cookie';
import type { TokenDelivery } from './token-delivery';

export interface AuthSession {
  user: User;
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Only with `tokenDelivery: 'body'`; browsers get an HttpOnly cookie instead. */
  refreshToken?: string;
}

/** A session a use case opened or renewed, before it is delivered. */
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

/** Clears the refresh cookie, for answers that end the session it belongs to. */
export function clearSessionCookie(ctx: Context): void {
  clearRefreshCookie({ auth: ctx.services.auth, request: ctx.request, response: ctx.response });
}

/** What a browser is told to forget when the person signs out: all our cookies and storage. */
export const CLEAR_SITE_DATA = '"cookies", "storage"';

/**
 * Ends the browser's side of a session: the refresh cookie is cleared and, on a shared computer,
 * whatever the app left in cookies and storage goes with it (Clear-Site-Data).
 */
export function endBrowserSession(ctx: Context): void {
  clearSessionCookie(ctx);
  ctx.response.setHeader('Clear-Site-Data', CLEAR_SITE_DATA);
}

export const DEFAULT_REFRESH_IDLE_SECONDS = 7 * 24 * 3600;

export function refreshIdleSeconds(auth: AuthConfig): number {
  return auth.refreshIdleTtlSeconds ?? DEFAULT_REFRESH_IDLE_SECONDS;
}
