// Turns an Authorization header into the caller's identity: a valid token whose session is live.
import type { AccessTokens } from './access-token';
import type { SessionValidity } from './session-validity';

export interface Viewer {
  userId: string;
  sessionId: string;
}

const BEARER_PREFIX = 'Bearer ';

export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || !authorization.startsWith(BEARER_PREFIX)) return undefined;
  const token = authorization.slice(BEARER_PREFIX.length).trim();
  return token === '' ? undefined : token;
}

/**
 * The viewer behind the request, or null. A token is honoured only while its session is neither
 * revoked nor expired (its user deleted takes its sessions with it), so revocation takes effect
 * on the next request.
 */
export async function authenticate(
  deps: { tokens: AccessTokens; sessions: SessionValidity },
  authorization: string | undefined,
): Promise<Viewer | null> {
  const token = bearerToken(authorization);
  if (token === undefined) return null;
  const claims = await deps.tokens.verify(token);
  if (claims === null) return null;
  const live = await deps.sessions.isLive(claims.sessionId, claims.userId);
  return live ? { userId: claims.userId, sessionId: claims.sessionId } : null;
}
