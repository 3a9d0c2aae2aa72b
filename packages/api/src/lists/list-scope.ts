// The only code that touches the lists table, and the one place that moves a list's tasks. Every
// query here filters by the user id the scope was made for, which procedures take from the
// verified session, never from input. A list of another user is, to every function below, a list
// that does not exist. Changes of one user's lists run one at a time (the user's row is locked),
// so the list limit, the names and the contiguous positions cannot be raced.
import type { Kysely, Transaction } from 'kysely';

import { isUniqueViolation, type Database } from '@tasklane/db';

import { lockUser } from '../accounts/user-store';
import { LIST_LIMITS, type ListColor, type ListDeleteTasks } from '../contract/list-rules';
import { LIST_COLUMNS, type CountedListRecord, type ListRecord } from './list';

export interface ListScopeOptions {
  /** Lists one user may have; LIST_LIMITS.listsPerUser unless a test says otherwise. */
  maxLists?: number;
}

export interface NewList {
  id?: string | undefined;
  name: string;
  color: ListColor;
}

export interface ListChanges {
  name?: string | undefined;
  color?: ListColor | undefined;
  position?: number | undefined;
}

export type CreateListResult =
  /** `existing`: the id was already this user's list (a retried create); it is left unchanged. */
  | { status: 'created' | 'existing'; list: CountedListRecord }
  /** The client-chosen id belongs to a list this user cannot see. */
  | { status: 'id-taken' }
  | { status: 'name-taken' }
  | { status: 'limit-reached'; limit: number }
  /** The user row is gone (account deleted while the request ran). */
  | { status: 'no-user' };

export type UpdateListResult =
  | { status: 'updated'; list: CountedListRecord }
  | { status: 'stale'; current: CountedListRecord }
  | { status: 'name-taken' }
  | { status: 'not-found' };

export type DeleteListResult =
  /** How many of its tasks went to the Inbox or were deleted with it. */
  { status: 'deleted'; tasks: number } | { status: 'not-found' };

export type ListScope = ReturnType<typeof listScope>;

/** The name-uniqueness failure of a write, as a result instead of an exception. */
class NameTaken extends Error {
  override readonly name = 'NameTaken';
}

export function listScope(db: Kysely<Database>, userId: string, options: ListScopeOptions = {}) {
  const maxLists = options.maxLists ?? LIST_LIMITS.listsPerUser;

  function counted(executor: Kysely<Database>) {
    return executor
      .selectFrom('lists as l')
      .select(LIST_COLUMNS.map((column) => `l.${column}` as const))
      .select((eb) =>
        eb
          .selectFrom('tasks as t')
          .whereRef('t.list_id', '=', 'l.id')
          .where('t.user_id', '=', userId)
          .where('t.completed', '=', false)
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .$asScalar()
          .$notNull()
          .as('active_count'),
      )
      .where('l.user_id', '=', userId);
  }

  function find(executor: Kysely<Database>, id: string): Promise<CountedListRecord | undefined> {
    return counted(executor).where('l.id', '=', id).executeTakeFirst();
  }

  function findForUpdate(trx: Transaction<Database>, id: string): Promise<ListRecord | undefined> {
    return trx
      .selectFrom('lists')
      .select(LIST_COLUMNS)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async function listCount(trx: Transaction<Database>): Promise<number> {
    const { count } = await trx
      .selectFrom('lists')
      .where('user_id', '=', userId)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return count;
  }

  /** Shifts the lists between two positions by one, so `id` can take `to` with no gap. */
  async function moveTo(trx: Transaction<Database>, list: ListRecord, to: number): Promise<number> {
    const last = (await listCount(trx)) - 1;
    const target = Math.min(to, last);
    const from = list.position;
    if (target === from) return from;
    await trx
      .updateTable('lists')
      .set((eb) => ({ position: eb('position', target < from ? '+' : '-', 1) }))
      .where('user_id', '=', userId)
      .where('id', '<>', list.id)
      .where('position', '>=', Math.min(from, target))
      .where('position', '<=', Math.max(from, target))
      .execute();
    return target;
  }

  /** Runs `work` in a transaction holding the user's row; a taken name becomes NameTaken. */
  async function serialised<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      // The one unique index a write here can break besides the id, which inserts handle.
      if (isUniqueViolation(error)) throw new NameTaken();
      throw error;
    }
  }

  return {
    /** The caller's lists by position, each with its count of active tasks. */
    list(): Promise<CountedListRecord[]> {
      return counted(db).orderBy('l.position').orderBy('l.id').execute();
    },

    get(id: string): Promise<CountedListRecord | undefined> {
      return find(db, id);
    },

    /** Whether `id` is one of the caller's lists: one primary-key probe, no task count. */
    async exists(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('lists')
        .select('id')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Creates a list at the end, at most once per client-chosen id, never past the limit. */
    async create(list: NewList): Promise<CreateListResult> {
      try {
        return await serialised(async (trx): Promise<CreateListResult> => {
          if (!(await lockUser(trx, userId))) return { status: 'no-user' };
          if (list.id !== undefined) {
            const existing = await find(trx, list.id);
            if (existing !== undefined) return { status: 'existing', list: existing };
          }
          const count = await listCount(trx);
          if (count >= maxLists) return { status: 'limit-reached', limit: maxLists };
          const created = await trx
            .insertInto('lists')
            .values({
              ...(list.id === undefined ? {} : { id: list.id }),
              user_id: userId,
              name: list.name,
              color: list.color,
              position: count,
            })
            // The id is taken, and not by this user (checked above under the lock).
            .onConflict((conflict) => conflict.column('id').doNothing())
            .returning(LIST_COLUMNS)
            .executeTakeFirst();
          return created === undefined
            ? { status: 'id-taken' }
            : { status: 'created', list: { ...created, active_count: 0 } };
        });
      } catch (error) {
        if (error instanceof NameTaken) return { status: 'name-taken' };
        throw error;
      }
    },

    /** Applies the changes only if the list is still at `version`; every change adds one to it. */
    async update(id: string, version: number, changes: ListChanges): Promise<UpdateListResult> {
      try {
        return await serialised(async (trx): Promise<UpdateListResult> => {
          if (!(await lockUser(trx, userId))) return { status: 'not-found' };
          const current = await findForUpdate(trx, id);
          if (current === undefined) return { status: 'not-found' };
          if (current.version !== version) {
            const stale = await find(trx, id);
            return stale === undefined
              ? { status: 'not-found' }
              : { status: 'stale', current: stale };
          }
          const position =
            changes.position === undefined
              ? undefined
              : await moveTo(trx, current, changes.position);
          await trx
            .updateTable('lists')
            .set((eb) => ({
              ...(changes.name === undefined ? {} : { name: changes.name }),
              ...(changes.color === undefined ? {} : { color: changes.color }),
              ...(position === undefined ? {} : { position }),
              version: eb('version', '+', 1),
            }))
            .where('user_id', '=', userId)
            .where('id', '=', id)
            .execute();
          const updated = await find(trx, id);
          return updated === undefined
            ? { status: 'not-found' }
            : { status: 'updated', list: updated };
        });
      } catch (error) {
        if (error instanceof NameTaken) return { status: 'name-taken' };
        throw error;
      }
    },

    /**
     * Deletes a list and, in the same transaction, moves its tasks to the Inbox (each one's
     * version goes up, so clients see an ordinary change) or deletes them. The list's row is
     * locked first, so a task cannot be moved into it meanwhile.
     */
    delete(id: string, tasks: ListDeleteTasks): Promise<DeleteListResult> {
      return db.transaction().execute(async (trx): Promise<DeleteListResult> => {
        if (!(await lockUser(trx, userId))) return { status: 'not-found' };
        const list = await findForUpdate(trx, id);
        if (list === undefined) return { status: 'not-found' };
        const affected =
          tasks === 'delete'
            ? await trx
                .deleteFrom('tasks')
                .where('user_id', '=', userId)
                .where('list_id', '=', id)
                .executeTakeFirst()
                .then((result) => Number(result.numDeletedRows))
            : await trx
                .updateTable('tasks')
                .set((eb) => ({ list_id: null, version: eb('version', '+', 1) }))
                .where('user_id', '=', userId)
                .where('list_id', '=', id)
                .executeTakeFirst()
                .then((result) => Number(result.numUpdatedRows));
        await trx.deleteFrom('lists').where('user_id', '=', userId).where('id', '=', id).execute();
        await trx
          .updateTable('lists')
          .set((eb) => ({ position: eb('position', '-', 1) }))
          .where('user_id', '=', userId)
          .where('position', '>', list.position)
          .execute();
        return { status: 'deleted', tasks: affected };
      });
    },
  };
}
