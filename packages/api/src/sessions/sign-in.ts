// Sign-in: email and password for a new session. Unknown email and wrong password do the same
// work and fail the same way; failures count per (email, address) and per email, and while either
// limit is reached even the right password is refused, so the lock reveals nothing.
import { checkPassword } from '../accounts/password-check';
import { findUserByEmail, setPasswordHash } from '../accounts/user-store';
import type { ApiServices, RequestInfo } from '../context';
import { isKnownAddress, rememberAddress } from '../limits/known-addresses';
import { countAttempt, refuseIfLimited } from '../limits/rate-limit-guard';
import { shedIfPasswordWorkFull } from '../limits/work-shedding';
import { WorkLimiterBusyError } from '../limits/work-limiter';
import type { OpenedSession } from './session-delivery';
import { refreshIdleSeconds } from './session-delivery';
import { InvalidCredentialsError } from './session-errors';
import { createSession, pruneSessions } from './session-store';

export type ClientInfo = Pick<RequestInfo, 'ip' | 'userAgent'>;

/**
 * Opens a session, or throws InvalidCredentialsError, RateLimitedError or WorkLimiterBusyError.
 *
 * Every password check first reserves its failure in the same statement that checks the limit
 * (per email and address, and per email unless the address is known), so concurrent guesses on
 * any number of instances verify at most the limits' worth of passwords; a success gives the
 * reservations back.
 */
export async function signIn(
  services: ApiServices,
  client: ClientInfo,
  credentials: { email: string; password: string },
): Promise<OpenedSession> {
  const { db, logger, rateLimiter, rateLimits, rateLimitKeys } = services;
  const { ip } = client;
  shedIfPasswordWorkFull(services.passwords);
  await countAttempt(services, 'signInPerAddress', rateLimitKeys.signInAddress(ip));

  const pairKey = rateLimitKeys.signInFailuresAccountAddress(credentials.email, ip);
  const accountKey = rateLimitKeys.signInFailuresAccount(credentials.email);
  refuseIfLimited(
    'signInFailuresPerAccountAndAddress',
    await rateLimiter.reserve(pairKey, rateLimits.signInFailuresPerAccountAndAddress),
  );
  const reserved = [pairKey];
  const giveBack = () => Promise.all(reserved.map((key) => rateLimiter.release(key)));

  let found;
  let check;
  try {
    found = await findUserByEmail(db, credentials.email);
    const addressKey = rateLimitKeys.knownAddress(ip);
    const known =
      found !== undefined && (await isKnownAddress(db, { userId: found.id, addressKey }));
    if (!known) {
      const verdict = await rateLimiter.reserve(accountKey, rateLimits.signInFailuresPerAccount);
      refuseIfLimited('signInFailuresPerAccount', verdict);
      reserved.push(accountKey);
    }
    check = await checkPassword(services.passwords, found?.passwordHash, credentials.password);
  } catch (error) {
    // Refused or shed before any password was checked: nothing was attempted.
    await giveBack();
    throw error;
  }
  if (found === undefined || !check.valid) {
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
  // Earlier failures from this address no longer count; this attempt's reservations go back.
  await rateLimiter.reset(pairKey);
  if (reserved.includes(accountKey)) await rateLimiter.release(accountKey);
  await rememberAddress(db, { userId: user.id, addressKey: rateLimitKeys.knownAddress(ip) });
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
