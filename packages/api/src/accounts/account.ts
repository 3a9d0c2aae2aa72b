// Account changes that need the current password: changing it (every other session is signed
// out) and deleting the account (the user, their tasks and sessions are gone). The email change,
// which needs it too, lives in email-change.ts.
import type { ApiServices } from '../context';
import type { RateLimitName } from '../limits/auth-rate-limits';
import { isKnownAddress } from '../limits/known-addresses';
import { refuseIfLimited } from '../limits/rate-limit-guard';
import type { Viewer } from '../sessions/authenticate';
import { SessionEndedError } from '../sessions/session-errors';
import { deleteLiveSessions, revokeSessions } from '../sessions/session-store';
import { queueMail } from '../mail/mail-outbox';
import { passwordChangedMail } from '../mail/templates/password-changed';
import { voidAccountTokens } from './account-tokens';
import { WeakPasswordError, WrongPasswordError } from './account-errors';
import { checkPassword } from './password-check';
import { passwordWeakness } from './password-strength';
import { deleteUser, findUser, passwordHashOf, setPasswordHash } from './user-store';

/** The signed-in person asking, and from where. */
export type AccountCaller = Viewer & { ip: string };

/**
 * Checks the signed-in user's password. Wrong answers are limited per user, so a stolen access
 * token cannot be used to guess the password behind it. With `signInEmail` (an email change,
 * which could take the account over) they also count as failed sign-ins of that email from the
 * caller's address, against the same limits as sign-in.
 */
export async function confirmPassword(
  services: ApiServices,
  caller: AccountCaller,
  answer: { field: string; password: string; signInEmail?: string },
): Promise<void> {
  const { rateLimiter, rateLimits, rateLimitKeys: keys } = services;
  const confirmKey = keys.passwordConfirmFailures(caller.userId);
  const signIn =
    answer.signInEmail === undefined
      ? undefined
      : {
          pairKey: keys.signInFailuresAccountAddress(answer.signInEmail, caller.ip),
          accountKey: keys.signInFailuresAccount(answer.signInEmail),
        };
  // Each failure is reserved before the check, in the statement that checks the limit, so
  // concurrent wrong answers verify at most the limit's worth of passwords.
  const reserved: string[] = [];
  const reserve = async (name: RateLimitName, key: string): Promise<void> => {
    refuseIfLimited(name, await rateLimiter.reserve(key, rateLimits[name]));
    reserved.push(key);
  };
  let check;
  try {
    await reserve('passwordConfirmFailuresPerUser', confirmKey);
    if (signIn !== undefined) {
      await reserve('signInFailuresPerAccountAndAddress', signIn.pairKey);
      // As at sign-in, the account-wide ceiling spares the addresses the person signs in from.
      const addressKey = keys.knownAddress(caller.ip);
      if (!(await isKnownAddress(services.db, { userId: caller.userId, addressKey }))) {
        await reserve('signInFailuresPerAccount', signIn.accountKey);
      }
    }
    const storedHash = await passwordHashOf(services.db, caller.userId);
    if (storedHash === undefined) throw new SessionEndedError();
    check = await checkPassword(services.passwords, storedHash, answer.password);
  } catch (error) {
    await Promise.all(reserved.map((key) => rateLimiter.release(key)));
    throw error;
  }
  if (!check.valid) {
    services.logger.warn(
      { event: 'auth.password_confirm_failed', userId: caller.userId, ip: caller.ip },
      'wrong current password',
    );
    throw new WrongPasswordError(answer.field);
  }
  await rateLimiter.reset(confirmKey);
  if (signIn !== undefined) {
    await rateLimiter.reset(signIn.pairKey);
    if (reserved.includes(signIn.accountKey)) await rateLimiter.release(signIn.accountKey);
  }
}

/** Sets a new password and signs out every other session; returns how many it signed out. */
export async function changePassword(
  services: ApiServices,
  caller: AccountCaller,
  input: { currentPassword: string; newPassword: string },
): Promise<number> {
  const person = await findUser(services.db, caller.userId);
  if (person === undefined) throw new SessionEndedError();
  const weakness = await passwordWeakness(input.newPassword, person);
  if (weakness !== null) throw new WeakPasswordError('newPassword', weakness);
  await confirmPassword(services, caller, {
    field: 'currentPassword',
    password: input.currentPassword,
  });
  const passwordHash = await services.passwords.hash(input.newPassword);
  const revoked = await services.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, { userId: caller.userId, passwordHash });
    // A reset link mailed before the change must not undo it.
    await voidAccountTokens(trx, caller.userId, 'password-reset');
    await queueMail(trx, {
      kind: 'password-changed',
      to: person.email,
      userId: caller.userId,
      ...passwordChangedMail({ name: person.name, appUrl: services.mail.appUrl }),
    });
    return revokeSessions(trx, { userId: caller.userId, exceptSessionId: caller.sessionId });
  });
  await services.sessions.revoked(revoked);
  services.logger.info(
    { event: 'auth.password_changed', userId: caller.userId, revoked: revoked.length },
    'password changed; other sessions signed out',
  );
  return revoked.length;
}

export async function deleteAccount(
  services: ApiServices,
  caller: AccountCaller,
  input: { password: string },
): Promise<void> {
  await confirmPassword(services, caller, { field: 'password', password: input.password });
  const revoked = await services.db.transaction().execute(async (trx) => {
    const live = await deleteLiveSessions(trx, caller.userId);
    // Tasks, the remaining sessions and refresh tokens go with the user (ON DELETE CASCADE).
    await deleteUser(trx, caller.userId);
    return live;
  });
  await services.sessions.revoked(revoked);
  services.logger.info(
    { event: 'auth.account_deleted', userId: caller.userId, revoked: revoked.length },
    'account deleted',
  );
}
