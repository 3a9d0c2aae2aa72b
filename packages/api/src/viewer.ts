// Who is behind a request: a person's session (an access token) or one of their API keys. Every
// signed-in procedure receives one as `ctx.viewer`; the procedure builders in trpc.ts decide which
// kinds (and which key scopes) a procedure accepts.
import type { ApiKeyViewer } from './api-keys/api-key-validity';
import { looksLikeApiKey } from './api-keys/api-key-secret';
import type { ApiServices } from './context';
import { authenticate, bearerToken } from './sessions/authenticate';

export interface SessionViewer {
  kind: 'session';
  userId: string;
  sessionId: string;
}

export type RequestViewer = SessionViewer | ApiKeyViewer;

export type { ApiKeyViewer };

/**
 * The viewer behind an Authorization header, or null. A `tlk_` bearer is only ever read as a key
 * (counted against its limit, which throws RateLimitedError past it); anything else as an
 * access token.
 */
export async function identifyViewer(
  services: ApiServices,
  authorization: string | undefined,
): Promise<RequestViewer | null> {
  const token = bearerToken(authorization);
  if (token === undefined) return null;
  if (looksLikeApiKey(token)) return services.apiKeys.authenticate(token);
  const session = await authenticate(services, authorization);
  return session === null ? null : { kind: 'session', ...session };
}

/** The id revocation announcements name for this viewer: its session's, or its key's. */
export function credentialId(viewer: RequestViewer): string {
  return viewer.kind === 'session' ? viewer.sessionId : viewer.keyId;
}
