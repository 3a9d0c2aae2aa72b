// Sign-up: a new user with a first session, and a mail to verify the address. The email is unique
// whatever its case; the database's unique index settles races, so concurrent sign-ups with one
// email make one user.
import { isUniqueViolation } from '@tasklane/db';

import type { ApiServices } from '../context';
import { rememberAddress } from '../limits/known-addresses';
import { countAttempt } from '../limits/rate-limit-guard';
import { shedIfPasswordWorkFull } from '../limits/work-shedding';
import type { OpenedSession } from '../sessions/session-delivery';
import type { ClientInfo } from '../sessions/sign-in';
import { createSession } from '../sessions/session-store';
import { EmailTakenError, WeakPasswordError } from './account-errors';
import { queueVerificationMail } from './email-verification';
import { passwordWeakness } from './password-strength';
import { emailInUse, insertUser } from './user-store';

/** Creates the user and opens their first session, or throws a domain error. */
export async function signUp(
  services: ApiServices,
  client: ClientInfo,
  input: { email: string; password: string; name: string },
): Promise<OpenedSession> {
  const { db, logger } = services;
  shedIfPasswordWorkFull(services.passwords);
  await countAttempt(services, 'signUpPerAddress', services.rateLimitKeys.signUpAddress(client.ip));
  const weakness = await passwordWeakness(input.password, input);
  if (weakness !== null) throw new WeakPasswordError('password', weakness);

  // Cheap early answer for the common case; the unique index below is what guarantees it.
  if (await emailInUse(db, input.email)) throw new EmailTakenError();

  const passwordHash = await services.passwords.hash(input.password);
  let opened: OpenedSession;
  try {
    opened = await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, { ...input, passwordHash });
      const session = await createSession(trx, {
        userId: user.id,
        userAgent: client.userAgent,
        ttlSeconds: services.auth.refreshTokenTtlSeconds,
      });
      // The address the account was made from is its first known one (see sign-in.ts).
      const addressKey = services.rateLimitKeys.knownAddress(client.ip);
      await rememberAddress(trx, { userId: user.id, addressKey });
      // The account works at once; the mail lets the person prove the address is theirs.
      await queueVerificationMail(trx, services, user);
      return { user, ...session };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError();
    throw error;
  }
  logger.info(
    { event: 'auth.sign_up', userId: opened.user.id, sessionId: opened.sessionId, ip: client.ip },
    'user signed up',
  );
  return opened;
}
