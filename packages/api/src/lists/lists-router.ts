// The list procedures. Each one validates its input (zod), calls the caller's list scope, maps
// rows to lists and answers; no procedure writes SQL or sees a user id other than the caller's.
// Contract: specs/contracts/lists.md.
import type { TRPCRouterRecord } from '@trpc/server';

import type { ApiServices } from '../context';
import { signedOut } from '../tasks/task-errors';
import { scopedProcedure } from '../trpc';
import { toList } from './list';
import {
  checkedListWrite,
  listChangedSinceRead,
  listIdTaken,
  listLimitReached,
  listNameTaken,
  listNotFound,
} from './list-errors';
import { listCreateInput, listDeleteInput, listUpdateInput } from './list-schemas';
import { listScope } from './list-scope';

/** A session, or an API key with lists:read (list) or lists:write (create, update, delete). */
const listProcedure = scopedProcedure('lists');

function listsOf(ctx: { services: ApiServices; userId: string }) {
  return listScope(ctx.services.db, ctx.userId);
}

export const listsRouter = {
  list: listProcedure.query(async ({ ctx }) => {
    return (await listsOf(ctx).list()).map(toList);
  }),

  create: listProcedure.input(listCreateInput).mutation(async ({ ctx, input }) => {
    const result = await checkedListWrite(listsOf(ctx).create(input));
    switch (result.status) {
      case 'created':
      case 'existing':
        return toList(result.list);
      case 'id-taken':
        throw listIdTaken();
      case 'name-taken':
        throw listNameTaken(input.name);
      case 'limit-reached':
        throw listLimitReached(result.limit);
      case 'no-user':
        throw signedOut();
    }
  }),

  update: listProcedure.input(listUpdateInput).mutation(async ({ ctx, input }) => {
    const { id, version, ...changes } = input;
    const result = await checkedListWrite(listsOf(ctx).update(id, version, changes));
    switch (result.status) {
      case 'updated':
        return toList(result.list);
      case 'stale':
        throw listChangedSinceRead(toList(result.current));
      case 'name-taken':
        throw listNameTaken(changes.name ?? '');
      case 'not-found':
        throw listNotFound();
    }
  }),

  /**
   * Deletes the list and moves its tasks to the Inbox or deletes them, in one transaction.
   * An id that is not one of the caller's lists (never was, already deleted, or another
   * person's) is NOT_FOUND, and nothing changes.
   */
  delete: listProcedure.input(listDeleteInput).mutation(async ({ ctx, input }) => {
    const result = await listsOf(ctx).delete(input.id, input.tasks);
    if (result.status === 'not-found') throw listNotFound();
    return { id: input.id, tasks: result.tasks };
  }),
} satisfies TRPCRouterRecord;
