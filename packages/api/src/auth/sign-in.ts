// auth.signIn: email and password for a new session. Unknown email and wrong password answer the
// same bytes after the same work; failures count per (email, address) and per email, and while
// either limit is reached even the right password is refused, so the lock reveals nothing.
import { sql } from 'kysely';
import type { z } from 'zod';

import type { Context } from '../context';
import { invalidCredentials } from './auth-errors';
import { checkPassword, countAttempt, shedIfPasswordWorkFull, throwIfLimited } from './auth-guards';
import { rateLimitKeys } from './auth-rate-limits';
import type { signInInput } from './auth-schemas';
import { deliverSession, refreshIdleSeconds, type AuthSession } from './auth-session';
import { createSession, pruneSessions } from './session-store';
import { WorkLimiterBusyError } from './work-limiter';

const lockedMessage = (wait: string): string =>
  `Too many failed sign-ins for this account. Please try again in ${wait}.`;

export async function signIn(
  ctx: Context,
  input: z.output<typeof signInInput>,
): Promise<AuthSession> {
  const { db, logger, rateLimiter, rateLimits } = ctx.services;
  const { ip } = ctx.request;
  shedIfPasswordWorkFull(ctx);
  await countAttempt(
    ctx,
    'signInPerAddress',
    rateLimitKeys.signInAddress(ip),
    (wait) => `Too many sign-in attempts from your network. Please try again in ${wait}.`,
  );

  const pairKey = rateLimitKeys.signInFailuresAccountAddress(input.email, ip);
  const accountKey = rateLimitKeys.signInFailuresAccount(input.email);
  const [pairLock, accountLock] = await Promise.all([
    rateLimiter.peek(pairKey, rateLimits.signInFailuresPerAccountAndAddress),
    rateLimiter.peek(accountKey, rateLimits.signInFailuresPerAccount),
  ]);
  throwIfLimited(ctx, 'signInFailuresPerAccountAndAddress', pairLock, lockedMessage);
  throwIfLimited(ctx, 'signInFailuresPerAccount', accountLock, lockedMessage);

  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at as createdAt', 'password_hash'])
    .where(sql<string>`lower(email)`, '=', sql<string>`lower(${input.email})`)
    .executeTakeFirst();
  const check = await checkPassword(ctx, user?.password_hash, input.password);
  if (user === undefined || !check.valid) {
    await Promise.all([
      rateLimiter.hit(pairKey, rateLimits.signInFailuresPerAccountAndAddress),
      rateLimiter.hit(accountKey, rateLimits.signInFailuresPerAccount),
    ]);
    logger.warn(
      { event: 'auth.sign_in_failed', reason: 'invalid_credentials', userId: user?.id, ip },
      'sign-in failed',
    );
    throw invalidCredentials();
  }

  if (check.needsRehash) await upgradeHash(ctx, user.id, user.password_hash, input.password);
  await rateLimiter.reset(pairKey);
  await pruneSessions(db, user.id, refreshIdleSeconds(ctx));
  const session = await createSession(db, {
    userId: user.id,
    userAgent: ctx.request.userAgent,
    ttlSeconds: ctx.services.auth.refreshTokenTtlSeconds,
  });
  logger.info(
    { event: 'auth.sign_in', userId: user.id, sessionId: session.sessionId, ip },
    'signed in',
  );
  const { id, email, name, createdAt } = user;
  return deliverSession(
    ctx,
    { user: { id, email, name, createdAt }, ...session },
    input.tokenDelivery ?? 'cookie',
  );
}

/**
 * Re-hashes with today's parameters while the plain password is at hand. Skipped (and tried at
 * the next sign-in) when the server is busy; the condition on the old hash keeps a concurrent
 * password change from being overwritten.
 */
async function upgradeHash(
  ctx: Context,
  userId: string,
  oldHash: string,
  password: string,
): Promise<void> {
  let newHash: string;
  try {
    newHash = await ctx.services.passwords.hash(password);
  } catch (error) {
    if (error instanceof WorkLimiterBusyError) return;
    throw error;
  }
  await ctx.services.db
    .updateTable('users')
    .set({ password_hash: newHash, updated_at: sql<Date>`now()` })
    .where('id', '=', userId)
    .where('password_hash', '=', oldHash)
    .execute();
  ctx.services.logger.info({ event: 'auth.password_rehashed', userId }, 'password hash upgraded');
}
