// The refresh token's cookie: HttpOnly (JavaScript never reads it), SameSite=Strict and Path=/.
// Over HTTPS or in production it is also Secure with the __Host- prefix, which browsers accept
// only from a secure origin without a Domain, so no sibling subdomain can plant or overwrite it.
import type { AuthConfig, CookieOptions, RequestInfo, ResponseSink } from '../context';

export const REFRESH_COOKIE_NAME = 'tasklane_refresh';
export const SECURE_REFRESH_COOKIE_NAME = '__Host-tasklane_refresh';

function usesSecureCookie(auth: AuthConfig, request: RequestInfo): boolean {
  return auth.production || request.secure;
}

export function refreshCookieName(auth: AuthConfig, request: RequestInfo): string {
  return usesSecureCookie(auth, request) ? SECURE_REFRESH_COOKIE_NAME : REFRESH_COOKIE_NAME;
}

function cookieOptions(auth: AuthConfig, request: RequestInfo, maxAge: number): CookieOptions {
  return {
    httpOnly: true,
    secure: usesSecureCookie(auth, request),
    sameSite: 'strict',
    path: '/',
    maxAge,
  };
}

export function readRefreshCookie(auth: AuthConfig, request: RequestInfo): string | undefined {
  const value = request.cookies[refreshCookieName(auth, request)];
  return value === undefined || value === '' ? undefined : value;
}

export function setRefreshCookie(
  context: { auth: AuthConfig; request: RequestInfo; response: ResponseSink },
  token: string,
  expiresAt: Date,
): void {
  const maxAge = Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  context.response.setCookie(
    refreshCookieName(context.auth, context.request),
    token,
    cookieOptions(context.auth, context.request, maxAge),
  );
}

export function clearRefreshCookie(context: {
  auth: AuthConfig;
  request: RequestInfo;
  response: ResponseSink;
}): void {
  context.response.setCookie(
    refreshCookieName(context.auth, context.request),
    '',
    cookieOptions(context.auth, context.request, 0),
  );
}
