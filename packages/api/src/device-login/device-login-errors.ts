// The domain errors of device login and the one mapping of them (and the limits they meet) to
// tRPC errors.
import { TRPCError } from '@trpc/server';

import type { Context } from '../context';
import { limitErrorResponse } from '../limits/limit-responses';

export const UNKNOWN_USER_CODE_MESSAGE =
  'This code is not valid: it may have expired, been used already, or been mistyped. ' +
  'Check the code on your device, or start the sign-in there again.';

/** No pending, unexpired code has that user code: unknown, decided, used and expired look alike. */
export class UnknownUserCodeError extends Error {
  override readonly name = 'UnknownUserCodeError';
  constructor() {
    super('No pending device code has that user code');
  }
}

export function deviceLoginErrorResponse(ctx: Context, error: unknown): TRPCError | undefined {
  if (error instanceof UnknownUserCodeError) {
    return new TRPCError({ code: 'NOT_FOUND', message: UNKNOWN_USER_CODE_MESSAGE });
  }
  return limitErrorResponse(ctx, error);
}
