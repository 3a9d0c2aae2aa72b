// Changing the account's email: the current password, then a 24-hour link mailed to the new
// address and a notice to the current one. Following the link switches the email (unique whatever
// its case), marks it verified, and signs out every session but the one following it.
import { isUniqueViolation } from '@tasklane/db';

import type { ApiServices } from '../context';
import { countAttempt } from '../limits/rate-limit-guard';
import { tokenLink } from '../mail/mail-config';
import { queueMail } from '../mail/mail-outbox';
import {
  emailChangedMail,
  emailChangeMail,
  emailChangeRequestedMail,
  emailInUseMail,
} from '../mail/templates/email-change';
import type { Viewer } from '../sessions/authenticate';
import { SessionEndedError } from '../sessions/session-errors';
import { revokeSessions } from '../sessions/session-store';
import { confirmPassword, type AccountCaller } from './account';
import { AddressTakenError, InvalidLinkError, SameEmailError } from './account-errors';
import { issueAccountToken, redeemAccountToken, voidAccountTokens } from './account-tokens';
import { changeEmail, emailInUse, findUser, findUserByEmail } from './user-store';

/**
 * Mails the link to the new address, or, when that address already has an account, a "someone
 * tried to use this address" mail instead; either way a notice goes to the current address and
 * the answer is the same, so the request does not reveal who is registered.
 */
export async function requestEmailChange(
  services: ApiServices,
  caller: AccountCaller,
  input: { newEmail: string; password: string },
): Promise<void> {
  const { db } = services;
  const person = await findUser(db, caller.userId);
  if (person === undefined) throw new SessionEndedError();
  if (person.email.toLowerCase() === input.newEmail.toLowerCase()) {
    throw new SameEmailError('newEmail');
  }
  await confirmPassword(services, caller, {
    field: 'password',
    password: input.password,
    signInEmail: person.email,
  });
  await countAttempt(
    services,
    'emailChangePerUser',
    services.rateLimitKeys.emailChangeUser(caller.userId),
  );
  const { appUrl } = services.mail;
  const owner = await findUserByEmail(db, input.newEmail);
  await db.transaction().execute(async (trx) => {
    if (owner !== undefined) {
      // To the owner's address as they registered it; the mail concerns their account.
      await queueMail(trx, {
        kind: 'email-in-use',
        to: owner.email,
        userId: owner.id,
        ...emailInUseMail({ appUrl }),
      });
    } else {
      const token = await issueAccountToken(trx, {
        userId: person.id,
        kind: 'email-change',
        newEmail: input.newEmail,
      });
      await queueMail(trx, {
        kind: 'email-change',
        to: input.newEmail,
        userId: person.id,
        ...emailChangeMail({
          name: person.name,
          link: tokenLink(appUrl, '/confirm-email', token),
        }),
      });
    }
    await queueMail(trx, {
      kind: 'email-change-requested',
      to: person.email,
      userId: person.id,
      ...emailChangeRequestedMail({ name: person.name, newEmail: input.newEmail, appUrl }),
    });
  });
  services.logger.info(
    { event: 'auth.email_change_requested', userId: person.id, ip: caller.ip },
    'email change requested',
  );
}

/**
 * Uses an email change link. `viewer` is the session following it, if any: a session of the same
 * account stays signed in, every other one is revoked. CONFLICT (AddressTakenError) when the
 * address was taken since the request; the link then stays unused.
 */
export async function confirmEmailChange(
  services: ApiServices,
  input: { token: string },
  viewer: Viewer | null,
): Promise<{ userId: string; email: string }> {
  const result = await services.db.transaction().execute(async (trx) => {
    const redeemed = await redeemAccountToken(trx, 'email-change', input.token);
    if (redeemed === undefined || redeemed.newEmail === null) throw new InvalidLinkError();
    const { userId, newEmail } = redeemed;
    const before = await findUser(trx, userId);
    if (before === undefined) throw new InvalidLinkError();
    if (await emailInUse(trx, newEmail)) throw new AddressTakenError();
    let after;
    try {
      after = await changeEmail(trx, { userId, email: newEmail });
    } catch (error) {
      // Taken between the check and the update: the unique index on lower(email) decides.
      if (isUniqueViolation(error)) throw new AddressTakenError();
      throw error;
    }
    if (after === undefined) throw new InvalidLinkError();
    // Links mailed to the old address (verification, reset) must not act on the new one.
    await voidAccountTokens(trx, userId, 'email-verification');
    await voidAccountTokens(trx, userId, 'password-reset');
    await voidAccountTokens(trx, userId, 'email-change');
    const keep = viewer?.userId === userId ? viewer.sessionId : undefined;
    const revoked = await revokeSessions(trx, { userId, exceptSessionId: keep });
    await queueMail(trx, {
      kind: 'email-changed',
      to: before.email,
      userId,
      ...emailChangedMail({ name: before.name, newEmail, appUrl: services.mail.appUrl }),
    });
    return { userId, email: after.email, revoked };
  });
  await services.sessions.revoked(result.revoked);
  services.logger.info(
    { event: 'auth.email_changed', userId: result.userId, revoked: result.revoked.length },
    'email changed; other sessions signed out',
  );
  return { userId: result.userId, email: result.email };
}
