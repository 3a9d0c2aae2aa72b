// Ending sessions: this one (sign-out), all of them (sign out everywhere), or one picked from the
// list. Each takes effect on every instance before it answers.
import type { ApiServices } from '../context';
import type { Viewer } from './authenticate';
import { SessionNotFoundError } from './session-errors';
import { revokeSessions } from './session-store';

async function revoke(
  services: ApiServices,
  scope: { userId: string; sessionId?: string; exceptSessionId?: string },
): Promise<string[]> {
  const revoked = await revokeSessions(services.db, scope);
  await services.sessions.revoked(revoked);
  return revoked;
}

/** Ends the viewer's session; one already gone is fine. */
export async function signOut(services: ApiServices, viewer: Viewer): Promise<void> {
  await revoke(services, viewer);
  services.logger.info(
    { event: 'auth.sign_out', userId: viewer.userId, sessionId: viewer.sessionId },
    'signed out',
  );
}

export async function signOutEverywhere(services: ApiServices, viewer: Viewer): Promise<number> {
  const revoked = await revoke(services, { userId: viewer.userId });
  services.logger.info(
    { event: 'auth.sign_out_everywhere', userId: viewer.userId, revoked: revoked.length },
    'signed out everywhere',
  );
  return revoked.length;
}

/** Ends one of the viewer's sessions; SessionNotFoundError when none of theirs has that id. */
export async function revokeSession(
  services: ApiServices,
  viewer: Viewer,
  sessionId: string,
): Promise<void> {
  const revoked = await revoke(services, { userId: viewer.userId, sessionId });
  // Another user's session and a made-up id look the same.
  if (revoked.length === 0) throw new SessionNotFoundError();
  services.logger.info(
    { event: 'auth.session_revoked', userId: viewer.userId, sessionId },
    'session revoked',
  );
}
