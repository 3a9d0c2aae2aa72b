// Reading the typed error a call rejects with, without repeating its shape in every consumer.
import { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

import type { TasklaneClientError } from './router-types';

export function isTasklaneError(error: unknown): error is TasklaneClientError {
  return error instanceof TRPCClientError;
}

/** The tRPC code (`UNAUTHORIZED`, `BAD_REQUEST`, ...) the server answered with, if it answered. */
export function errorCode(error: unknown): TRPC_ERROR_CODE_KEY | undefined {
  return isTasklaneError(error) ? error.data?.code : undefined;
}

/** Per-field messages of a rejected input, e.g. `{ title: ['Title is required'] }`. */
export function fieldErrors(error: unknown): Partial<Record<string, string[]>> {
  if (!isTasklaneError(error)) return {};
  return error.data?.zodError?.fieldErrors ?? {};
}

/** Seconds to wait after a TOO_MANY_REQUESTS answer, when the server said. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!isTasklaneError(error)) return undefined;
  const details = error.data?.details;
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) {
    return undefined;
  }
  return typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
}
