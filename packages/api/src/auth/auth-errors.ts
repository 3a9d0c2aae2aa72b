// The errors auth procedures answer with. Each carries a message a person can act on; the
// sign-in failure is one constant so an unknown email and a wrong password are byte-identical.
import { TRPCError } from '@trpc/server';
import { ZodRealError } from 'zod';

import type { ResponseSink } from '../context';
import { ExposedError } from '../trpc';

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const SIGN_IN_AGAIN_MESSAGE = 'Please sign in again.';

/** What a TOO_MANY_REQUESTS error carries in `data.details`. */
export interface RetryAfterDetails {
  retryAfterSeconds: number;
}

export function invalidCredentials(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: INVALID_CREDENTIALS_MESSAGE });
}

export function signInAgain(): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_AGAIN_MESSAGE });
}

/** TOO_MANY_REQUESTS with a Retry-After header and the same wait in `data.details`. */
export function tooManyRequests(
  response: ResponseSink,
  retryAfterSeconds: number,
  message: string,
): ExposedError {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  const details: RetryAfterDetails = { retryAfterSeconds };
  return new ExposedError({ code: 'TOO_MANY_REQUESTS', message, details });
}

/** The server is at its limit of password hashing: shed the request at once. */
export function passwordWorkBusy(response: ResponseSink): ExposedError {
  return tooManyRequests(response, 1, 'The server is busy. Please try again in a moment.');
}

/**
 * A BAD_REQUEST shaped like input validation, so clients show it beside the field
 * (`data.zodError.fieldErrors[field]`), for rules only the server can check.
 */
export function fieldError(field: string, message: string): TRPCError {
  return new TRPCError({
    code: 'BAD_REQUEST',
    message,
    // ZodRealError, unlike zod 4's plain ZodError, is an Error, so tRPC keeps it as the cause
    // and the error formatter finds it.
    cause: new ZodRealError([{ code: 'custom', path: [field], message, input: undefined }]),
  });
}
