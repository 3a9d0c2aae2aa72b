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
import type { Recurrence } from '../recurrence/recurrence-schemas';
import { storedRecurrence } from '../recurrence/recurrence-storage';
import { TASK_COLUMNS, type TaskRecord } from './task';
import { completeTask } from './task-completion';
import { scheduleReminders } from '../reminders/reminder-scope';
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
  recurrence: Recurrence | null;
}

export interface TaskChanges {
  title?: string | undefined;
  description?: string | undefined;
  priority?: TaskPriority | undefined;
  dueAt?: Date | null | undefined;
  tags?: string[] | undefined;
  completed?: boolean | undefined;
  listId?: string | null | undefined;
  recurrence?: Recurrence | null | undefined;
}

/** What completing a repeating task needs to know (see task-completion.ts). */
export interface CompletionContext {
  /** The due time of the occurrence the client completes; absent: the current one. */
  occurrence?: Date | undefined;
  now: Date;
  timeZone: string;
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
              recurrence: storedRecurrence(task.recurrence),
              series_start_at: task.recurrence === null ? null : task.dueAt,
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

    /**
     * Applies the changes only if the task is still at `version`; every change adds one to it.
     * Completing a repeating task this way advances it (see task-completion.ts), one more version.
     */
    async update(
      id: string,
      version: number,
      changes: TaskChanges & { completion: CompletionContext },
    ): Promise<UpdateTaskResult> {
      const { completion, ...fields } = changes;
      const result = await listChecked(
        db.transaction().execute(async (trx): Promise<UpdateTaskResult> => {
          const current = await trx
            .selectFrom('tasks')
            .select(TASK_COLUMNS)
            .where('user_id', '=', userId)
            .where('id', '=', id)
            .forUpdate()
            .executeTakeFirst();
          if (current === undefined) return { status: 'not-found' };
          if (current.version !== version) return { status: 'stale', current };
          const repeats =
            fields.recurrence === undefined
              ? current.recurrence !== null
              : fields.recurrence !== null;
          const advances = fields.completed === true && repeats && !current.completed;
          const updated = await trx
            .updateTable('tasks')
            .set((eb) => ({
              ...rowChanges(advances ? { ...fields, completed: undefined } : fields),
              version: eb('version', '+', 1),
            }))
            .where('user_id', '=', userId)
            .where('id', '=', id)
            .returning(TASK_COLUMNS)
            .executeTakeFirstOrThrow();
          // A new due time (or a reopened task) gives reminders new fire times.
          await scheduleReminders(trx, { userId, taskId: id });
          if (!advances) return { status: 'updated', task: updated };
          const advanced = await completeTask(trx, userId, {
            id,
            ...completion,
            occurrence: undefined,
          });
          return { status: 'updated', task: advanced ?? updated };
        }),
      );
      return result ?? { status: 'list-not-found' };
    },

    /**
     * Idempotent: a task already in the wanted state is returned as it is (same version). A
     * repeating task is completed by moving to its next occurrence (task-completion.ts).
     */
    async setCompleted(
      id: string,
      completed: boolean,
      completion: CompletionContext,
    ): Promise<TaskRecord | undefined> {
      if (completed) {
        return db.transaction().execute((trx) => completeTask(trx, userId, { id, ...completion }));
      }
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

    /** Deletes completed tasks and the record of completed occurrences of repeating ones. */
    clearCompleted(): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('task_completions').where('user_id', '=', userId).execute();
        const result = await trx
          .deleteFrom('tasks')
          .where('user_id', '=', userId)
          .where('completed', '=', true)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    /**
     * `completed` counts completions: one-off tasks completed, plus each completed occurrence of
     * a repeating task (whose row moved on, or ended). `total` is active + completed.
     */
    async stats(timeZone: string, listId?: string | null): Promise<TaskStats> {
      let query = db.selectFrom('tasks').where('user_id', '=', userId);
      let occurrences = db
        .selectFrom('task_completions')
        .where('task_completions.user_id', '=', userId);
      if (listId !== undefined) {
        query = query.where(listFilter(listId));
        occurrences = occurrences.where(
          'task_completions.task_id',
          'in',
          db
            .selectFrom('tasks')
            .select('id')
            .where('user_id', '=', userId)
            .where(listFilter(listId)),
        );
      }
      const counts = await query
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('completed', '=', false).as('active'),
          eb.fn
            .countAll<number>()
            .filterWhere((where) =>
              where.and([where('completed', '=', true), where('recurrence', 'is', null)]),
            )
            .as('completedOnce'),
          eb.fn.countAll<number>().filterWhere(dueFilter('overdue', timeZone)).as('overdue'),
          eb.fn.countAll<number>().filterWhere(dueTodayFilter(timeZone)).as('dueToday'),
          occurrences.select((inner) => inner.fn.countAll<number>().as('count')).as('occurrences'),
        ])
        .executeTakeFirstOrThrow();
      const completed = counts.completedOnce + (counts.occurrences ?? 0);
      return {
        total: counts.active + completed,
        active: counts.active,
        completed,
        overdue: counts.overdue,
        dueToday: counts.dueToday,
      };
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
    ...(changes.recurrence === undefined
      ? {}
      : { recurrence: storedRecurrence(changes.recurrence) }),
    // A new rule or a new due time starts the series there (a `count` counts from it).
    ...(changes.dueAt !== undefined
      ? { series_start_at: changes.dueAt }
      : changes.recurrence === undefined
        ? {}
        : { series_start_at: sql<Date | null>`due_at` }),
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
