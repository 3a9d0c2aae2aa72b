// Proving the person reads mail at their address: a 24-hour link mailed at sign-up and again on
// request (limited per user). An unverified account works normally; the web app shows a banner.
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import type { ApiServices } from '../context';
import { countAttempt } from '../limits/rate-limit-guard';
import { tokenLink } from '../mail/mail-config';
import { queueMail } from '../mail/mail-outbox';
import { emailVerificationMail } from '../mail/templates/email-verification';
import { SessionEndedError } from '../sessions/session-errors';
import { InvalidLinkError } from './account-errors';
import { issueAccountToken, redeemAccountToken } from './account-tokens';
import { findUser, markEmailVerified, type User } from './user-store';

/**
 * Issues a verification token (voiding the user's earlier ones) and queues its mail. Call inside
 * the transaction of the change that needs it (sign-up, a resend).
 */
export async function queueVerificationMail(
  trx: Kysely<Database>,
  services: Pick<ApiServices, 'mail'>,
  user: Pick<User, 'id' | 'email' | 'name'>,
): Promise<void> {
  const token = await issueAccountToken(trx, { userId: user.id, kind: 'email-verification' });
  await queueMail(trx, {
    kind: 'email-verification',
    to: user.email,
    userId: user.id,
    ...emailVerificationMail({
      name: user.name,
      link: tokenLink(services.mail.appUrl, '/verify-email', token),
    }),
  });
}

/** Mails a new verification link, unless the address is verified already (then nothing is sent). */
export async function requestEmailVerification(
  services: ApiServices,
  caller: { userId: string },
): Promise<void> {
  const user = await findUser(services.db, caller.userId);
  if (user === undefined) throw new SessionEndedError();
  if (user.emailVerified) return;
  await countAttempt(
    services,
    'emailVerificationPerUser',
    services.rateLimitKeys.emailVerificationUser(user.id),
  );
  await services.db.transaction().execute((trx) => queueVerificationMail(trx, services, user));
  services.logger.info(
    { event: 'auth.email_verification_requested', userId: user.id },
    'verification mail queued',
  );
}

/** Uses a verification link; returns the address it verified. */
export async function verifyEmail(
  services: ApiServices,
  input: { token: string },
): Promise<{ userId: string; email: string }> {
  const verified = await services.db.transaction().execute(async (trx) => {
    const redeemed = await redeemAccountToken(trx, 'email-verification', input.token);
    if (redeemed === undefined) throw new InvalidLinkError();
    await markEmailVerified(trx, redeemed.userId);
    const user = await findUser(trx, redeemed.userId);
    if (user === undefined) throw new InvalidLinkError();
    return { userId: user.id, email: user.email };
  });
  services.logger.info(
    { event: 'auth.email_verified', userId: verified.userId },
    'email address verified',
  );
  return verified;
}
