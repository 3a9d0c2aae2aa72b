// A forgotten password: a mailed one-hour link, then a new password that signs out every session.
// The request answers the same whether or not the account exists, so it reveals no address.
import { sql } from 'kysely';
import { z } from 'zod';

import type { ApiServices } from '../context';
import { enqueueJob } from '../jobs/job-queue';
import type { JobHandler } from '../jobs/job-runner';
import { countAttempt } from '../limits/rate-limit-guard';
import { tokenLink } from '../mail/mail-config';
import { queueMail } from '../mail/mail-outbox';
import { passwordChangedMail } from '../mail/templates/password-changed';
import { passwordResetMail } from '../mail/templates/password-reset';
import { revokeSessions } from '../sessions/session-store';
import { InvalidLinkError, WeakPasswordError } from './account-errors';
import {
  accountTokenIsLive,
  issueAccountToken,
  redeemAccountToken,
  voidAccountTokens,
} from './account-tokens';
import { passwordWeakness } from './password-strength';
import { findUser, findUserByEmail, markEmailVerified, setPasswordHash } from './user-store';

export const PASSWORD_RESET_REQUEST_JOB = 'auth.password-reset-request';

const resetRequestPayload = z.object({ email: z.string(), ip: z.string() });

/**
 * Answers the same, in the same time, whether or not the account exists: past the limits, both
 * cases do the same one write, a job, and the job looks the account up and mails the link. Doing
 * the lookup and the token's transaction here would make a real account's answer measurably
 * slower, which tells whoever asks that the address has an account.
 */
export async function requestPasswordReset(
  services: ApiServices,
  client: { ip: string },
  input: { email: string },
): Promise<void> {
  const { db, rateLimiter, rateLimits, rateLimitKeys } = services;
  await countAttempt(
    services,
    'passwordResetPerAddress',
    rateLimitKeys.passwordResetAddress(client.ip),
  );
  // Past the per-email limit the request is answered as usual and sends nothing, so nobody can
  // flood someone's mailbox, nor learn from a refusal that the address has an account.
  const perEmail = await rateLimiter.hit(
    rateLimitKeys.passwordResetEmail(input.email),
    rateLimits.passwordResetPerEmail,
  );
  if (!perEmail.allowed) return;
  await enqueueJob(db, {
    kind: PASSWORD_RESET_REQUEST_JOB,
    payload: { email: input.email, ip: client.ip },
  });
}

/** The job behind `requestPasswordReset`: mails a reset link when the account exists. */
export function createPasswordResetRequestHandler(
  services: Pick<ApiServices, 'db' | 'mail' | 'logger'>,
): JobHandler {
  return async (job, { completeWithin }) => {
    const { email, ip } = resetRequestPayload.parse(job.payload);
    const { db } = services;
    // Done, the job keeps no payload: it held the address as typed and the client's.
    const done = { forgetPayload: true };
    const user = await findUserByEmail(db, email);
    if (user === undefined) {
      await completeWithin(db, done);
      return;
    }
    // The job completes with the token and the mail, so a runner dying after this commit cannot
    // run it again: a second run would void this link and mail another.
    await db.transaction().execute(async (trx) => {
      await completeWithin(trx, done);
      const token = await issueAccountToken(trx, { userId: user.id, kind: 'password-reset' });
      const link = tokenLink(services.mail.appUrl, '/reset-password', token);
      await queueMail(trx, {
        kind: 'password-reset',
        to: user.email,
        userId: user.id,
        ...passwordResetMail({ name: user.name, link }),
      });
    });
    services.logger.info(
      { event: 'auth.password_reset_requested', userId: user.id, ip },
      'password reset mailed',
    );
  };
}

/**
 * Sets the new password of the link's account, marks its email verified (the link proved it),
 * signs out every session, clears the sign-in limits of the email (the way out of a lockout),
 * and mails a notice. A weak password is refused before the link is used up.
 */
export async function resetPassword(
  services: ApiServices,
  input: { token: string; newPassword: string },
): Promise<void> {
  const { db } = services;
  if (!(await accountTokenIsLive(db, 'password-reset', input.token))) throw new InvalidLinkError();
  const passwordHash = await services.passwords.hash(input.newPassword);
  const result = await db.transaction().execute(async (trx) => {
    const redeemed = await redeemAccountToken(trx, 'password-reset', input.token);
    if (redeemed === undefined) throw new InvalidLinkError();
    const user = await findUser(trx, redeemed.userId);
    if (user === undefined) throw new InvalidLinkError();
    const weakness = await passwordWeakness(input.newPassword, user);
    // Thrown inside the transaction, so the token is not used up.
    if (weakness !== null) throw new WeakPasswordError('newPassword', weakness);
    await setPasswordHash(trx, { userId: user.id, passwordHash });
    await markEmailVerified(trx, user.id);
    await voidAccountTokens(trx, user.id, 'password-reset');
    const revoked = await revokeSessions(trx, { userId: user.id });
    const { rateLimitKeys } = services;
    await trx
      .deleteFrom('rate_limits')
      .where((eb) =>
        eb.or([
          eb('key', '=', rateLimitKeys.signInFailuresAccount(user.email)),
          // starts_with, not LIKE: the key's base64url may hold "_", a LIKE wildcard.
          sql<boolean>`starts_with(key, ${rateLimitKeys.signInFailuresOfAccountPrefix(user.email)})`,
        ]),
      )
      .execute();
    await queueMail(trx, {
      kind: 'password-changed',
      to: user.email,
      userId: user.id,
      ...passwordChangedMail({ name: user.name, appUrl: services.mail.appUrl }),
    });
    return { userId: user.id, revoked };
  });
  await services.sessions.revoked(result.revoked);
  services.logger.info(
    { event: 'auth.password_reset', userId: result.userId, revoked: result.revoked.length },
    'password reset; every session signed out',
  );
}
