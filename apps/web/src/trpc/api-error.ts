// Reading the typed error data the API attaches (see packages/api/src/trpc.ts): zod field
// errors on BAD_REQUEST, `details` on rate limits (retryAfterSeconds) and conflicts (current).
import { TRPCClientError } from '@trpc/client';

import type { AppRouter } from '@tasklane/api';

import type { Task } from './api-types';

export type ApiError = TRPCClientError<AppRouter>;
export type FieldErrors = Partial<Record<string, string[]>>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

export function errorCode(error: unknown): string | null {
  return isApiError(error) ? (error.data?.code ?? null) : null;
}

/** The server refused the request itself (4xx other than a rate limit), not a transient fault. */
export function isClientRejection(error: unknown): boolean {
  if (!isApiError(error)) return false;
  const status = error.data?.httpStatus;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

export function fieldErrors(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  return error.data?.zodError?.fieldErrors ?? {};
}

function details(error: unknown): Record<string, unknown> | null {
  if (!isApiError(error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('details' in data)) return null;
  const value = data.details;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/** Seconds to wait before trying again, for TOO_MANY_REQUESTS. */
export function retryAfterSeconds(error: unknown): number | null {
  if (errorCode(error) !== 'TOO_MANY_REQUESTS') return null;
  const seconds = details(error)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? Math.max(1, Math.ceil(seconds))
    : null;
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
export function conflictingTask(error: unknown): Task | null {
  if (errorCode(error) !== 'CONFLICT') return null;
  const current = details(error)?.current;
  return isTask(current) ? current : null;
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** A sentence to show a person for any failure. */
export function errorMessage(error: unknown): string {
  const wait = retryAfterSeconds(error);
  if (wait !== null) return `Too many attempts. Please wait ${formatWait(wait)} and try again.`;
  if (isApiError(error)) {
    if (error.data === undefined || error.data === null) {
      return 'Could not reach Tasklane. Check your connection and try again.';
    }
    // A BAD_REQUEST's message is zod's issue list; say the first problem in words instead.
    const zodError = error.data.zodError;
    if (zodError !== null) {
      const fields = Object.values(fieldErrors(error)).flatMap((messages) => messages ?? []);
      return [...zodError.formErrors, ...fields][0] ?? 'Some of the values are not valid.';
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}
