// Errors written for the client: a TRPCError whose `details` the error formatter (trpc.ts) adds
// to `data.details`, and a BAD_REQUEST whose message the formatter lets through.
import { TRPCError } from '@trpc/server';

export class ExposedError extends TRPCError {
  readonly details: unknown;
  constructor(options: ConstructorParameters<typeof TRPCError>[0] & { details: unknown }) {
    super(options);
    this.details = options.details;
  }
}

/**
 * A BAD_REQUEST whose message our code wrote for people (an invalid cursor, an unknown time
 * zone). Throw this, not a bare TRPCError, for a refusal the client should read: any other
 * BAD_REQUEST without a zod error reaches clients as "The request could not be read."
 */
export class BadRequestError extends TRPCError {
  constructor(message: string) {
    super({ code: 'BAD_REQUEST', message });
  }
}
