// auth.signUp: a new user with a first session. The email is unique whatever its case; the
// database's unique index settles races, so concurrent sign-ups with one email make one user.
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import type { z } from 'zod';

import { isUniqueViolation } from '@tasklane/db';

import type { Context } from '../context';
import { fieldError } from './auth-errors';
import { countAttempt, hashPassword, shedIfPasswordWorkFull } from './auth-guards';
import { rateLimitKeys } from './auth-rate-limits';
import type { signUpInput } from './auth-schemas';
import { deliverSession, type AuthSession } from './auth-session';
import { isCommonPassword } from './common-passwords';
import { createSession } from './session-store';

export const EMAIL_TAKEN_MESSAGE = 'An account with this email already exists. Try signing in.';
export const COMMON_PASSWORD_MESSAGE =
  'This password is too common and easy to guess. Choose another one.';

function emailTaken(): TRPCError {
  return new TRPCError({ code: 'CONFLICT', message: EMAIL_TAKEN_MESSAGE });
}

export async function signUp(
  ctx: Context,
  input: z.output<typeof signUpInput>,
): Promise<AuthSession> {
  const { db, logger } = ctx.services;
  shedIfPasswordWorkFull(ctx);
  await countAttempt(
    ctx,
    'signUpPerAddress',
    rateLimitKeys.signUpAddress(ctx.request.ip),
    (wait) => `Too many sign-ups from your network. Please try again in ${wait}.`,
  );
  if (await isCommonPassword(input.password)) throw fieldError('password', COMMON_PASSWORD_MESSAGE);

  // Cheap early answer for the common case; the unique index below is what guarantees it.
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', sql<string>`lower(${input.email})`)
    .executeTakeFirst();
  if (existing !== undefined) throw emailTaken();

  const passwordHash = await hashPassword(ctx, input.password);
  let opened;
  try {
    opened = await db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({ email: input.email, name: input.name, password_hash: passwordHash })
        .returning(['id', 'email', 'name', 'created_at as createdAt'])
        .executeTakeFirstOrThrow();
      const session = await createSession(trx, {
        userId: user.id,
        userAgent: ctx.request.userAgent,
        ttlSeconds: ctx.services.auth.refreshTokenTtlSeconds,
      });
      return { user, ...session };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
  logger.info(
    {
      event: 'auth.sign_up',
      userId: opened.user.id,
      sessionId: opened.sessionId,
      ip: ctx.request.ip,
    },
    'user signed up',
  );
  return deliverSession(ctx, opened, input.tokenDelivery ?? 'cookie');
}
