// The errors task procedures answer with. Messages are for people; nothing reveals whether a task
// of another user exists.
import { TRPCError } from '@trpc/server';

import { PG_CHECK_VIOLATION, postgresErrorCode } from '@tasklane/db';

import { BadRequestError, ExposedError } from '../exposed-error';
import type { Task } from './task';

/** Shape of `data.details` on a CONFLICT from `tasks.update`. */
export interface TaskConflictDetails {
  current: Task;
}

export function taskNotFound(): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: 'Task not found' });
}

export function taskChangedSinceRead(current: Task): ExposedError {
  const details: TaskConflictDetails = { current };
  return new ExposedError({
    code: 'CONFLICT',
    message: 'This task was changed since you loaded it. Review the current version and try again.',
    details,
  });
}

export function taskIdTaken(): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: 'This task id cannot be used. Create the task with another id.',
  });
}

export function taskLimitReached(limit: number): TRPCError {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: `You have reached the limit of ${limit.toLocaleString('en-US')} tasks. Delete some tasks to add new ones.`,
  });
}

export function invalidCursor(): TRPCError {
  return new BadRequestError(
    'Invalid cursor: it must be the nextCursor of a list call with the same sort and order.',
  );
}

export function unknownTimeZone(): TRPCError {
  return new BadRequestError('Unknown time zone');
}

export function taskRejected(): TRPCError {
  return new BadRequestError('The task has an invalid field.');
}

/** The caller's user is gone: the one "Please sign in again." (sessions/session-errors.ts). */
export { signInAgain as signedOut } from '../sessions/session-errors';

// SQLSTATE 22023: what PostgreSQL answers for a time zone name its tz database lacks (the
// schema accepts only names the JavaScript runtime knows, but the two lists may differ).
const PG_INVALID_PARAMETER_VALUE = '22023';

/** Runs a query that takes the caller's time zone; a zone the database refuses is BAD_REQUEST. */
export async function inTimeZone<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (postgresErrorCode(error) === PG_INVALID_PARAMETER_VALUE) throw unknownTimeZone();
    throw error;
  }
}

/** Runs a write; a value the schema let through but a table constraint refuses is BAD_REQUEST. */
export async function checkedWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (postgresErrorCode(error) === PG_CHECK_VIOLATION) throw taskRejected();
    throw error;
  }
}
