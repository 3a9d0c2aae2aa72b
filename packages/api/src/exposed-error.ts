// A TRPCError whose `details` are meant for the client; the error formatter (trpc.ts) adds them
// to `data.details`.
import { TRPCError } from '@trpc/server';

export class ExposedError extends TRPCError {
  readonly details: unknown;
  constructor(options: ConstructorParameters<typeof TRPCError>[0] & { details: unknown }) {
    super(options);
    this.details = options.details;
  }
}
