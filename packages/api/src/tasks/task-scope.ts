// The only code that touches the tasks table. Every query here filters by the user id the scope
// was made for, which procedures take from the verified session, never from input. A task of
// another user is, to every function below, a task that does not exist.
import { sql, type Kysely, type UpdateObject } from 'kysely';

import {
  PG_FOREIGN_KEY_VIOLATION,
  postgresErrorCode,
  type Database,
  type TaskPriority,
} from '@tasklane/db';

import { lockUser } from '../accounts/user-store';
import { TASK_COLUMNS, type TaskRecord } from './task';
import { taskCursorAfter, type TaskCursor, type TaskListRow } from './task-cursor';
import {
  dueFilter,
  dueTodayFilter,
  listFilter,
  taskListQuery,
  type TaskListSpec,
} from './task-list-query';
import { TASK_LIMITS } from '../contract/task-rules';

export interface TaskScopeOptions {
  /** Tasks one user may have; TASK_LIMITS.tasksPerUser unless a test says otherwise. */
  maxTasks?: number;
}

export interface NewTask {
  id?: string | undefined;
  title: string;
  description: string;
  priority: TaskPriority;
  dueAt: Date | null;
  tags: string[];
  /** One of the user's lists, or null for the Inbox. */
  listId: string | null;
}

export interface TaskChanges {
  title?: string | undefined;
  description?: string | undefined;
  priority?: TaskPriority | undefined;
  dueAt?: Date | null | undefined;
  tags?: string[] | undefined;
  completed?: boolean | undefined;
  listId?: string | null | undefined;
}

export type CreateTaskResult =
  /** `existing`: the id was already this user's task (a retried create); it is left unchanged. */
  | { status: 'created' | 'existing'; task: TaskRecord }
  /** The client-chosen id belongs to a task this user cannot see. */
  | { status: 'id-taken' }
  | { status: 'limit-reached'; limit: number }
  /** `listId` is not one of this user's lists. */
  | { status: 'list-not-found' }
  /** The user row is gone (account deleted while the request ran). */
  | { status: 'no-user' };

export type UpdateTaskResult =
  | { status: 'updated'; task: TaskRecord }
  | { status: 'stale'; current: TaskRecord }
  | { status: 'not-found' }
  | { status: 'list-not-found' };

export interface TaskPage {
  rows: TaskRecord[];
  /** Where the next page starts, or null on the last page. */
  next: TaskCursor | null;
}

export interface TaskStats {
  total: number;
  active: number;
  completed: number;
  overdue: number;
  dueToday: number;
}

export type TaskScope = ReturnType<typeof taskScope>;

export function taskScope(db: Kysely<Database>, userId: string, options: TaskScopeOptions = {}) {
  const maxTasks = options.maxTasks ?? TASK_LIMITS.tasksPerUser;

  function find(executor: Kysely<Database>, id: string): Promise<TaskRecord | undefined> {
    return executor
      .selectFrom('tasks')
      .select(TASK_COLUMNS)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  return {
    async list(spec: TaskListSpec): Promise<TaskPage> {
      const rows: TaskListRow[] = await taskListQuery(db, userId, spec).execute();
      const page = rows.slice(0, spec.limit);
      const last = page.at(-1);
      const next =
        rows.length > spec.limit && last !== undefined
          ? taskCursorAfter(last, spec.sort, spec.order)
          : null;
      return { rows: page, next };
    },

    get(id: string): Promise<TaskRecord | undefined> {
      return find(db, id);
    },

    /**
     * Creates a task, at most once per client-chosen id, never past the per-user limit. Creates
     * of one user run one at a time (the user's row is locked), so the count cannot be raced.
     */
    async create(task: NewTask): Promise<CreateTaskResult> {
      const result = await listChecked(
        db.transaction().execute(async (trx): Promise<CreateTaskResult> => {
          if (!(await lockUser(trx, userId))) return { status: 'no-user' };

          if (task.id !== undefined) {
            const existing = await find(trx, task.id);
            if (existing !== undefined) return { status: 'existing', task: existing };
          }

          const { count } = await trx
            .selectFrom('tasks')
            .where('user_id', '=', userId)
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .executeTakeFirstOrThrow();
          if (count >= maxTasks) return { status: 'limit-reached', limit: maxTasks };

          const created = await trx
            .insertInto('tasks')
            .values({
              ...(task.id === undefined ? {} : { id: task.id }),
              user_id: userId,
              title: task.title,
              description: task.description,
              priority: task.priority,
              due_at: task.dueAt,
              tags: task.tags,
              list_id: task.listId,
            })
            // The id is taken, and not by this user (checked above under the lock).
            .onConflict((conflict) => conflict.column('id').doNothing())
            .returning(TASK_COLUMNS)
            .executeTakeFirst();
          return created === undefined
            ? { status: 'id-taken' }
            : { status: 'created', task: created };
        }),
      );
      return result ?? { status: 'list-not-found' };
    },

    /** Applies the changes only if the task is still at `version`; every change adds one to it. */
    async update(id: string, version: number, changes: TaskChanges): Promise<UpdateTaskResult> {
      const updated = await listChecked(
        db
          .updateTable('tasks')
          .set((eb) => ({
            ...rowChanges(changes),
            version: eb('version', '+', 1),
          }))
          .where('user_id', '=', userId)
          .where('id', '=', id)
          .where('version', '=', version)
          .returning(TASK_COLUMNS)
          .executeTakeFirst(),
      );
      if (updated === null) return { status: 'list-not-found' };
      if (updated !== undefined) return { status: 'updated', task: updated };
      const current = await find(db, id);
      return current === undefined ? { status: 'not-found' } : { status: 'stale', current };
    },

    /** Idempotent: a task already in the wanted state is returned as it is (same version). */
    async setCompleted(id: string, completed: boolean): Promise<TaskRecord | undefined> {
      const changed = await db
        .updateTable('tasks')
        .set((eb) => ({
          ...rowChanges({ completed }),
          version: eb('version', '+', 1),
        }))
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .where('completed', '=', !completed)
        .returning(TASK_COLUMNS)
        .executeTakeFirst();
      return changed ?? find(db, id);
    },

    /** True when a task was deleted; false when there was none (already gone, or never this user's). */
    async delete(id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('tasks')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async clearCompleted(): Promise<number> {
      const result = await db
        .deleteFrom('tasks')
        .where('user_id', '=', userId)
        .where('completed', '=', true)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    stats(timeZone: string, listId?: string | null): Promise<TaskStats> {
      let query = db.selectFrom('tasks').where('user_id', '=', userId);
      if (listId !== undefined) query = query.where(listFilter(listId));
      return query
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          eb.fn.countAll<number>().filterWhere('completed', '=', false).as('active'),
          eb.fn.countAll<number>().filterWhere('completed', '=', true).as('completed'),
          eb.fn.countAll<number>().filterWhere(dueFilter('overdue', timeZone)).as('overdue'),
          eb.fn.countAll<number>().filterWhere(dueTodayFilter(timeZone)).as('dueToday'),
        ])
        .executeTakeFirstOrThrow();
    },
  };
}

/** Task fields as column values; completing keeps an earlier completed_at, reopening clears it. */
function rowChanges(changes: TaskChanges): UpdateObject<Database, 'tasks'> {
  return {
    ...(changes.title === undefined ? {} : { title: changes.title }),
    ...(changes.description === undefined ? {} : { description: changes.description }),
    ...(changes.priority === undefined ? {} : { priority: changes.priority }),
    ...(changes.dueAt === undefined ? {} : { due_at: changes.dueAt }),
    ...(changes.tags === undefined ? {} : { tags: changes.tags }),
    ...(changes.listId === undefined ? {} : { list_id: changes.listId }),
    ...(changes.completed === undefined
      ? {}
      : { completed_at: changes.completed ? sql<Date>`coalesce(completed_at, now())` : null }),
  };
}

/**
 * A write that names a list: the tasks' foreign key (list id and user id together) refuses a
 * list that is not the user's, also one deleted meanwhile; the answer is then null. (The user
 * id's own key cannot fail here: writes name the caller, whose row create locks.)
 */
async function listChecked<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (error) {
    if (postgresErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) return null;
    throw error;
  }
}
