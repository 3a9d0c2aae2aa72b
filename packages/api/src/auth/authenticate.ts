// Turns an Authorization header into the caller's identity: a valid token whose session is live.
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import type { AccessTokens } from './access-token';

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
 * revoked nor expired and its user still exists, so revocation takes effect on the next request.
 */
export async function authenticate(
  deps: { db: Kysely<Database>; tokens: AccessTokens },
  authorization: string | undefined,
): Promise<Viewer | null> {
  const token = bearerToken(authorization);
  if (token === undefined) return null;
  const claims = await deps.tokens.verify(token);
  if (claims === null) return null;

  const live = await deps.db
    .selectFrom('sessions')
    .select('sessions.id')
    .where('sessions.id', '=', claims.sessionId)
    .where('sessions.user_id', '=', claims.userId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
  return live === undefined ? null : { userId: claims.userId, sessionId: claims.sessionId };
}
