// Reading the typed error a call rejects with, without repeating its shape in every consumer.
// Every reader answers `undefined` (or an empty record) when the error does not carry the value.
import { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

import type { Task, TasklaneClientError } from './router-types';

/** Per-field messages of a rejected input, e.g. `{ title: ['Title is required'] }`. */
export type FieldErrors = Partial<Record<string, string[]>>;

export function isTasklaneError(error: unknown): error is TasklaneClientError {
  return error instanceof TRPCClientError;
}

/** The tRPC code (`UNAUTHORIZED`, `BAD_REQUEST`, ...) the server answered with, if it answered. */
export function errorCode(error: unknown): TRPC_ERROR_CODE_KEY | undefined {
  return isTasklaneError(error) ? error.data?.code : undefined;
}

/** The server refused the request itself (4xx other than a rate limit), not a transient fault. */
export function isClientRejection(error: unknown): boolean {
  if (!isTasklaneError(error)) return false;
  const status = error.data?.httpStatus;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

export function fieldErrors(error: unknown): FieldErrors {
  if (!isTasklaneError(error)) return {};
  return error.data?.zodError?.fieldErrors ?? {};
}

function details(error: unknown): Record<string, unknown> | undefined {
  if (!isTasklaneError(error)) return undefined;
  const value: unknown = error.data?.details;
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Whole seconds (at least 1) to wait after a TOO_MANY_REQUESTS answer, when the server said. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (errorCode(error) !== 'TOO_MANY_REQUESTS') return undefined;
  const seconds = details(error)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? Math.max(1, Math.ceil(seconds))
    : undefined;
}

function isTask(value: unknown): value is Task {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.title === 'string' &&
    typeof candidate.version === 'number' &&
    typeof candidate.completed === 'boolean' &&
    Array.isArray(candidate.tags)
  );
}

/** The newer version of a task, from a CONFLICT on `tasks.update`. */
export function conflictingTask(error: unknown): Task | undefined {
  if (errorCode(error) !== 'CONFLICT') return undefined;
  const current = details(error)?.current;
  return isTask(current) ? current : undefined;
}
