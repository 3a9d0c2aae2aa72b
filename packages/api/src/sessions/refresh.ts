// Refresh: a used-once refresh token for a new access token and a new refresh token. A token
// presented a second time revokes its whole session (someone holds a copy).
import { findUser } from '../accounts/user-store';
import type { ApiServices } from '../context';
import { refreshIdleSeconds, type OpenedSession } from './session-delivery';
import { rotateRefreshToken } from './session-store';

/** As Supabase Auth: long enough for a retry after a lost response, short for a thief. */
export const DEFAULT_REFRESH_REUSE_SECONDS = 10;

export type RefreshResult =
  | ({ kind: 'rotated' } & OpenedSession)
  /** A used token came back: its session is revoked now. */
  | { kind: 'reused' }
  /** Unknown, expired, idle too long, or revoked. */
  | { kind: 'invalid' };

export async function refreshSession(
  services: ApiServices,
  request: { token: string; ip: string },
): Promise<RefreshResult> {
  const result = await rotateRefreshToken(services.db, request.token, {
    idleSeconds: refreshIdleSeconds(services.auth),
    reuseWindowSeconds: services.auth.refreshReuseWindowSeconds ?? DEFAULT_REFRESH_REUSE_SECONDS,
    now: services.clock(),
    successorOf: services.refreshSuccessorOf,
  });
  switch (result.kind) {
    case 'rotated': {
      const user = await findUser(services.db, result.userId);
      if (user === undefined) return { kind: 'invalid' };
      const { sessionId, refreshToken, expiresAt } = result;
      return { kind: 'rotated', user, sessionId, refreshToken, expiresAt };
    }
    case 'reused':
      await services.sessions.revoked(result.revokedSessionIds);
      services.logger.warn(
        {
          event: 'auth.refresh_token_reused',
          sessionIds: result.revokedSessionIds,
          ip: request.ip,
        },
        'a used refresh token was presented again; its session is revoked',
      );
      return { kind: 'reused' };
    case 'invalid':
      return { kind: 'invalid' };
  }
}
