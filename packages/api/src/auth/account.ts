// Account changes that need the current password: auth.changePassword (every other session is
// signed out) and auth.deleteAccount (the user, their tasks and sessions are gone).
import { sql } from 'kysely';
import type { z } from 'zod';

import { fieldError, signInAgain } from './auth-errors';
import { checkPassword, hashPassword, throwIfLimited } from './auth-guards';
import { rateLimitKeys } from './auth-rate-limits';
import type { changePasswordInput, deleteAccountInput } from './auth-schemas';
import { clearRefreshCookie } from './refresh-cookie';
import { revokeSessions } from './session-store';
import type { SignedInContext } from './sign-out';
import { COMMON_PASSWORD_MESSAGE } from './sign-up';
import { isCommonPassword } from './common-passwords';

const WRONG_PASSWORD_MESSAGE = 'Your current password is incorrect.';

/**
 * Checks the signed-in user's password. Wrong answers are limited per user, so a stolen access
 * token cannot be used to guess the password behind it.
 */
async function confirmPassword(ctx: SignedInContext, field: string, password: string) {
  const { rateLimiter, rateLimits } = ctx.services;
  const key = rateLimitKeys.passwordConfirmFailures(ctx.userId);
  const lock = await rateLimiter.peek(key, rateLimits.passwordConfirmFailuresPerUser);
  throwIfLimited(
    ctx,
    'passwordConfirmFailuresPerUser',
    lock,
    (wait) => `Too many wrong passwords. Please try again in ${wait}.`,
  );
  const user = await ctx.services.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', ctx.userId)
    .executeTakeFirst();
  if (user === undefined) throw signInAgain();
  const check = await checkPassword(ctx, user.password_hash, password);
  if (!check.valid) {
    await rateLimiter.hit(key, rateLimits.passwordConfirmFailuresPerUser);
    ctx.services.logger.warn(
      { event: 'auth.password_confirm_failed', userId: ctx.userId, ip: ctx.request.ip },
      'wrong current password',
    );
    throw fieldError(field, WRONG_PASSWORD_MESSAGE);
  }
  await rateLimiter.reset(key);
}

export async function changePassword(
  ctx: SignedInContext,
  input: z.output<typeof changePasswordInput>,
): Promise<{ ok: true }> {
  if (await isCommonPassword(input.newPassword)) {
    throw fieldError('newPassword', COMMON_PASSWORD_MESSAGE);
  }
  await confirmPassword(ctx, 'currentPassword', input.currentPassword);
  const passwordHash = await hashPassword(ctx, input.newPassword);
  const revoked = await ctx.services.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('id', '=', ctx.userId)
      .execute();
    return revokeSessions(trx, { userId: ctx.userId, exceptSessionId: ctx.sessionId });
  });
  await ctx.services.sessions.revoked(revoked);
  ctx.services.logger.info(
    { event: 'auth.password_changed', userId: ctx.userId, revoked: revoked.length },
    'password changed; other sessions signed out',
  );
  return { ok: true };
}

export async function deleteAccount(
  ctx: SignedInContext,
  input: z.output<typeof deleteAccountInput>,
): Promise<{ ok: true }> {
  await confirmPassword(ctx, 'password', input.password);
  const revoked = await ctx.services.db.transaction().execute(async (trx) => {
    const live = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', ctx.userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    // Tasks, the remaining sessions and refresh tokens go with the user (ON DELETE CASCADE).
    await trx.deleteFrom('users').where('id', '=', ctx.userId).execute();
    return live.map((row) => row.id);
  });
  await ctx.services.sessions.revoked(revoked);
  ctx.services.logger.info(
    { event: 'auth.account_deleted', userId: ctx.userId, revoked: revoked.length },
    'account deleted',
  );
  clearRefreshCookie({ auth: ctx.services.auth, request: ctx.request, response: ctx.response });
  return { ok: true };
}
