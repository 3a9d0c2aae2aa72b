// The domain errors of sessions and the answers they become. "Please sign in again." is built
// here and nowhere else; the sign-in failure is one constant so an unknown email and a wrong
// password are byte-identical.
import { TRPCError } from '@trpc/server';

import type { Context } from '../context';
import { limitErrorResponse } from '../limits/limit-responses';

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const SIGN_IN_AGAIN_MESSAGE = 'Please sign in again.';

/** Unknown email or wrong password: the two are never told apart. */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
  constructor() {
    super('Invalid email or password');
  }
}

/** The session (or its user) is gone, revoked, expired, or was never there. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
  constructor() {
    super('The session has ended');
  }
}

/** A request authenticated by the refresh cookie came from outside our web origins (CSRF). */
export class NotWebOriginError extends Error {
  override readonly name = 'NotWebOriginError';
  constructor() {
    super('The request did not come from a web origin');
  }
}

/** No live session of this user has that id (another user's session looks the same). */
export class SessionNotFoundError extends Error {
  override readonly name = 'SessionNotFoundError';
  constructor() {
    super('No such session');
  }
}

/** UNAUTHORIZED "Please sign in again.": the one answer to a missing or ended session. */
export function signInAgain(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_AGAIN_MESSAGE });
}

/** The one mapping of session errors (and the limits they hit) to tRPC errors. */
export function sessionErrorResponse(ctx: Context, error: unknown): TRPCError | undefined {
  if (error instanceof InvalidCredentialsError) {
    return new TRPCError({ code: 'UNAUTHORIZED', message: INVALID_CREDENTIALS_MESSAGE });
  }
  if (error instanceof SessionEndedError) return signInAgain();
  if (error instanceof NotWebOriginError) {
    return new TRPCError({
      code: 'FORBIDDEN',
      message: 'This request must come from the Tasklane web app.',
    });
  }
  if (error instanceof SessionNotFoundError) {
    return new TRPCError({ code: 'NOT_FOUND', message: 'No such session.' });
  }
  return limitErrorResponse(ctx, error);
}
