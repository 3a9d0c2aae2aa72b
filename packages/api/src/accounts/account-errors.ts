// The domain errors of accounts and the one mapping of them (and of the session and limit errors
// account procedures meet) to tRPC errors.
import { TRPCError } from '@trpc/server';
import { ZodRealError } from 'zod';

import type { Context } from '../context';
import { BadRequestError } from '../exposed-error';
import { sessionErrorResponse } from '../sessions/session-errors';

export const EMAIL_TAKEN_MESSAGE = 'An account with this email already exists. Try signing in.';
export const WRONG_PASSWORD_MESSAGE = 'Your current password is incorrect.';

export const INVALID_LINK_MESSAGE = 'This link is invalid or has expired.';
export const SAME_EMAIL_MESSAGE = 'This is already your email address.';
export const ADDRESS_TAKEN_MESSAGE =
  'Another account uses this email address now, so yours was not changed.';

/** A mailed token that is unknown, used or expired: one answer for all, revealing nothing. */
export class InvalidLinkError extends Error {
  override readonly name = 'InvalidLinkError';
  constructor() {
    super(INVALID_LINK_MESSAGE);
  }
}

export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
  constructor() {
    super('The email is taken');
  }
}

/** An email change to the address the account already has. */
export class SameEmailError extends Error {
  override readonly name = 'SameEmailError';
  constructor(readonly field: string) {
    super(SAME_EMAIL_MESSAGE);
  }
}

/** The address of an email change was taken by another account before it was confirmed. */
export class AddressTakenError extends Error {
  override readonly name = 'AddressTakenError';
  constructor() {
    super('The new address was taken');
  }
}

/** A new password the server refuses; `message` tells the person why. */
export class WeakPasswordError extends Error {
  override readonly name = 'WeakPasswordError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The current password given to confirm a change is wrong. */
export class WrongPasswordError extends Error {
  override readonly name = 'WrongPasswordError';
  constructor(readonly field: string) {
    super(WRONG_PASSWORD_MESSAGE);
  }
}

/** A time zone the runtime knows but the database does not (their tz databases may differ). */
export class UnknownTimeZoneError extends Error {
  override readonly name = 'UnknownTimeZoneError';
  constructor(readonly field: string) {
    super(UNKNOWN_TIME_ZONE_MESSAGE);
  }
}

export const UNKNOWN_TIME_ZONE_MESSAGE =
  'Unknown time zone (use an IANA name such as "Europe/Paris")';

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

export function accountErrorResponse(ctx: Context, error: unknown): TRPCError | undefined {
  if (error instanceof EmailTakenError) {
    return new TRPCError({ code: 'CONFLICT', message: EMAIL_TAKEN_MESSAGE });
  }
  // A BadRequestError: any other BAD_REQUEST without field errors reaches clients as "The
  // request could not be read." (trpc.ts), which would leave the person guessing.
  if (error instanceof InvalidLinkError) return new BadRequestError(INVALID_LINK_MESSAGE);
  if (error instanceof AddressTakenError) {
    return new TRPCError({ code: 'CONFLICT', message: ADDRESS_TAKEN_MESSAGE });
  }
  if (error instanceof SameEmailError) return fieldError(error.field, SAME_EMAIL_MESSAGE);
  if (error instanceof WeakPasswordError) return fieldError(error.field, error.message);
  if (error instanceof WrongPasswordError) return fieldError(error.field, WRONG_PASSWORD_MESSAGE);
  if (error instanceof UnknownTimeZoneError) return fieldError(error.field, error.message);
  return sessionErrorResponse(ctx, error);
}
