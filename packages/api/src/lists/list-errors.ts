// The errors list procedures answer with. Nothing reveals whether a list of another user exists.
import { TRPCError } from '@trpc/server';

import { PG_CHECK_VIOLATION, postgresErrorCode } from '@tasklane/db';

import { fieldError } from '../accounts/account-errors';
import { BadRequestError, ExposedError } from '../exposed-error';
import type { List } from './list';

/** Shape of `data.details` on a CONFLICT from `lists.update`. */
export interface ListConflictDetails {
  current: List;
}

export const LIST_NOT_FOUND_MESSAGE = 'List not found';

export function listNotFound(): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: LIST_NOT_FOUND_MESSAGE });
}

export function listChangedSinceRead(current: List): ExposedError {
  const details: ListConflictDetails = { current };
  return new ExposedError({
    code: 'CONFLICT',
    message: 'This list was changed since you loaded it. Review the current version and try again.',
    details,
  });
}

export function listIdTaken(): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: 'This list id cannot be used. Create the list with another id.',
  });
}

export function listLimitReached(limit: number): TRPCError {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: `You have reached the limit of ${limit.toLocaleString('en-US')} lists. Delete a list to add another.`,
  });
}

/** A field error on `name`, so forms show it beside the field like any validation error. */
export function listNameTaken(name: string): TRPCError {
  return fieldError('name', `You already have a list named “${name}”.`);
}

export function listRejected(): TRPCError {
  return new BadRequestError('The list has an invalid field.');
}

/** Runs a write; a value the schema let through but a table constraint refuses is BAD_REQUEST. */
export async function checkedListWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (postgresErrorCode(error) === PG_CHECK_VIOLATION) throw listRejected();
    throw error;
  }
}
