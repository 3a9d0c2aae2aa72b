// Sign-in: email and password for a new session. Unknown email and wrong password do the same
// work and fail the same way; failures count per (email, address) and per email, and while either
// limit is reached even the right password is refused, so the lock reveals nothing.
import { checkPassword } from '../accounts/password-check';
import { findUserByEmail, setPasswordHash } from '../accounts/user-store';
import type { ApiServices, RequestInfo } from '../context';
import { rateLimitKeys } from '../limits/auth-rate-limits';
import { countAttempt, refuseIfLimited } from '../limits/rate-limit-guard';
import { shedIfPasswordWorkFull } from '../limits/work-shedding';
import { WorkLimiterBusyError } from '../limits/work-limiter';
import type { OpenedSession } from './session-delivery';
import { refreshIdleSeconds } from './session-delivery';
import { InvalidCredentialsError } from './session-errors';
import { createSession, pruneSessions } from './session-store';

export type ClientInfo = Pick<RequestInfo, 'ip' | 'userAgent'>;

/** Opens a session, or throws InvalidCredentialsError, RateLimitedError or WorkLimiterBusyError. */
export async function signIn(
  services: ApiServices,
  client: ClientInfo,
  credentials: { email: string; password: string },
): Promise<OpenedSession> {
  const { db, logger, rateLimiter, rateLimits } = services;
  const { ip } = client;
  shedIfPasswordWorkFull(services.passwords);
  await countAttempt(services, 'signInPerAddress', rateLimitKeys.signInAddress(ip));

  const pairKey = rateLimitKeys.signInFailuresAccountAddress(credentials.email, ip);
  const accountKey = rateLimitKeys.signInFailuresAccount(credentials.email);
  const [pairLock, accountLock] = await Promise.all([
    rateLimiter.peek(pairKey, rateLimits.signInFailuresPerAccountAndAddress),
    rateLimiter.peek(accountKey, rateLimits.signInFailuresPerAccount),
  ]);
  refuseIfLimited('signInFailuresPerAccountAndAddress', pairLock);
  refuseIfLimited('signInFailuresPerAccount', accountLock);

  const found = await findUserByEmail(db, credentials.email);
  const check = await checkPassword(services.passwords, found?.passwordHash, credentials.password);
  if (found === undefined || !check.valid) {
    await Promise.all([
      rateLimiter.hit(pairKey, rateLimits.signInFailuresPerAccountAndAddress),
      rateLimiter.hit(accountKey, rateLimits.signInFailuresPerAccount),
    ]);
    logger.warn(
      { event: 'auth.sign_in_failed', reason: 'invalid_credentials', userId: found?.id, ip },
      'sign-in failed',
    );
    throw new InvalidCredentialsError();
  }

  const { passwordHash, ...user } = found;
  if (check.needsRehash) {
    await upgradeHash(services, { userId: user.id, oldHash: passwordHash }, credentials.password);
  }
  await rateLimiter.reset(pairKey);
  await pruneSessions(db, user.id, refreshIdleSeconds(services.auth));
  const session = await createSession(db, {
    userId: user.id,
    userAgent: client.userAgent,
    ttlSeconds: services.auth.refreshTokenTtlSeconds,
  });
  logger.info(
    { event: 'auth.sign_in', userId: user.id, sessionId: session.sessionId, ip },
    'signed in',
  );
  return { user, ...session };
}

/**
 * Re-hashes with today's parameters while the plain password is at hand. Skipped (and tried at
 * the next sign-in) when the server is busy; the condition on the old hash keeps a concurrent
 * password change from being overwritten.
 */
async function upgradeHash(
  services: ApiServices,
  stored: { userId: string; oldHash: string },
  password: string,
): Promise<void> {
  let newHash: string;
  try {
    newHash = await services.passwords.hash(password);
  } catch (error) {
    if (error instanceof WorkLimiterBusyError) return;
    throw error;
  }
  await setPasswordHash(services.db, {
    userId: stored.userId,
    passwordHash: newHash,
    replacing: stored.oldHash,
  });
  services.logger.info(
    { event: 'auth.password_rehashed', userId: stored.userId },
    'password hash upgraded',
  );
}
