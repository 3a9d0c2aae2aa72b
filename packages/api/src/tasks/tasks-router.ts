// The task procedures. Each one validates its input (zod), calls the caller's task scope, maps
// rows to tasks and answers; no procedure writes SQL or sees a user id other than the caller's.
import type { TRPCRouterRecord } from '@trpc/server';

import { timeZoneOf } from '../accounts/user-store';
import type { ApiServices } from '../context';
import { listNotFound } from '../lists/list-errors';
import { listScope } from '../lists/list-scope';
import { openTaskChanges } from '../events/task-changes';
import { taskChangesInput } from '../events/task-event-schemas';
import { scopedProcedure } from '../trpc';
import { toTask } from './task';
import { decodeTaskCursor, encodeTaskCursor, type TaskCursor } from './task-cursor';
import {
  checkedWrite,
  inTimeZone,
  invalidCursor,
  signedOut,
  taskChangedSinceRead,
  taskIdTaken,
  taskLimitReached,
  taskNotFound,
} from './task-errors';
import { DEFAULT_TASK_ORDER, type TaskOrder, type TaskSort } from '../contract/task-rules';
import {
  taskCreateInput,
  taskIdInput,
  taskListInput,
  taskSetCompletedInput,
  taskStatsInput,
  taskUpdateInput,
} from './task-schemas';
import { taskScope, type CompletionContext } from './task-scope';

/** A session, or an API key with tasks:read (queries, `changes`) or tasks:write (mutations). */
const taskProcedure = scopedProcedure('tasks');

type Caller = { services: ApiServices; userId: string };

function tasksOf(ctx: Caller) {
  return taskScope(ctx.services.db, ctx.userId);
}

/** The zone a call names, else the one saved on the person's account. */
async function zoneOf(ctx: Caller, named: string | undefined): Promise<string> {
  if (named !== undefined) return named;
  const saved = await timeZoneOf(ctx.services.db, ctx.userId);
  if (saved === undefined) throw signedOut();
  return saved;
}

/**
 * When and where a repeating task's next occurrence is computed: the application clock, and the
 * zone saved on the person's account (occurrences keep their wall-clock time there).
 */
async function completionContext(
  ctx: Caller,
  completing: { completed?: boolean | undefined; occurrence?: Date | undefined },
): Promise<CompletionContext> {
  // The zone is read only when completing (and before the write's transaction opens).
  const timeZone = completing.completed === true ? await zoneOf(ctx, undefined) : 'UTC';
  return { occurrence: completing.occurrence, now: ctx.services.clock(), timeZone };
}

/**
 * The `listId` filter of `list` and `stats` must name one of the caller's lists (or be null, the
 * Inbox): another person's list is NOT_FOUND, like a random id. A task found under the filter
 * already proves it (a task's (list_id, user_id) references lists (id, user_id), so it can only
 * be in a list of its own user), so the list is looked up only when the filtered query found
 * nothing: the common answer costs no second query, and an empty one costs one primary-key probe.
 * Checking after the query, not before, also means a list deleted meanwhile is NOT_FOUND rather
 * than an empty answer for a list that is gone.
 */
async function requireOwnList(
  ctx: Caller,
  listId: string | null | undefined,
  foundAny: boolean,
): Promise<void> {
  if (foundAny || listId === undefined || listId === null) return;
  if (!(await listScope(ctx.services.db, ctx.userId).exists(listId))) throw listNotFound();
}

/** The decoded cursor, which must come from a list with the same sort and order. */
function readCursor(
  text: string | null | undefined,
  sort: TaskSort,
  order: TaskOrder,
): TaskCursor | null {
  if (text === undefined || text === null) return null;
  const cursor = decodeTaskCursor(text);
  if (cursor?.s !== sort || cursor.o !== order) throw invalidCursor();
  return cursor;
}

export const tasksRouter = {
  list: taskProcedure.input(taskListInput).query(async ({ ctx, input }) => {
    const order = input.order ?? DEFAULT_TASK_ORDER[input.sort];
    const after = readCursor(input.cursor, input.sort, order);
    // Only "today" and "week" are calendar days; other lists need no zone (and no lookup).
    const calendar = input.due === 'today' || input.due === 'week';
    const timeZone = calendar ? await zoneOf(ctx, input.timeZone) : (input.timeZone ?? 'UTC');
    const page = await inTimeZone(tasksOf(ctx).list({ ...input, order, after, timeZone }));
    await requireOwnList(ctx, input.listId, page.rows.length > 0);
    return {
      items: page.rows.map(toTask),
      nextCursor: page.next === null ? null : encodeTaskCursor(page.next),
    };
  }),

  get: taskProcedure.input(taskIdInput).query(async ({ ctx, input }) => {
    const task = await tasksOf(ctx).get(input.id);
    if (task === undefined) throw taskNotFound();
    return toTask(task);
  }),

  create: taskProcedure.input(taskCreateInput).mutation(async ({ ctx, input }) => {
    const result = await checkedWrite(tasksOf(ctx).create(input));
    switch (result.status) {
      case 'created':
      case 'existing':
        return toTask(result.task);
      case 'id-taken':
        throw taskIdTaken();
      case 'limit-reached':
        throw taskLimitReached(result.limit);
      case 'list-not-found':
        throw listNotFound();
      case 'no-user':
        throw signedOut();
    }
  }),

  update: taskProcedure.input(taskUpdateInput).mutation(async ({ ctx, input }) => {
    const { id, version, ...changes } = input;
    const completion = await completionContext(ctx, changes);
    const result = await checkedWrite(tasksOf(ctx).update(id, version, { ...changes, completion }));
    switch (result.status) {
      case 'updated':
        return toTask(result.task);
      case 'stale':
        throw taskChangedSinceRead(toTask(result.current));
      case 'not-found':
        throw taskNotFound();
      case 'list-not-found':
        throw listNotFound();
    }
  }),

  setCompleted: taskProcedure.input(taskSetCompletedInput).mutation(async ({ ctx, input }) => {
    const completion = await completionContext(ctx, input);
    const task = await tasksOf(ctx).setCompleted(input.id, input.completed, completion);
    if (task === undefined) throw taskNotFound();
    return toTask(task);
  }),

  /** Safe to repeat: the answer is `{ id }` whether the task was deleted now, before, or never existed. */
  delete: taskProcedure.input(taskIdInput).mutation(async ({ ctx, input }) => {
    await tasksOf(ctx).delete(input.id);
    return { id: input.id };
  }),

  clearCompleted: taskProcedure.mutation(async ({ ctx }) => {
    return { deleted: await tasksOf(ctx).clearCompleted() };
  }),

  stats: taskProcedure.input(taskStatsInput).query(async ({ ctx, input }) => {
    const timeZone = await zoneOf(ctx, input.timeZone);
    const stats = await inTimeZone(tasksOf(ctx).stats(timeZone, input.listId));
    // One aggregate counts every task under the filter: a total above zero counted some.
    await requireOwnList(ctx, input.listId, stats.total > 0);
    return stats;
  }),

  /**
   * Every change to the caller's tasks, whatever made it, in commit order (specs/contracts/
   * tasks.md). Each event is `tracked()` with its id, so a reconnect resumes after it.
   */
  changes: taskProcedure
    .input(taskChangesInput)
    .subscription(({ ctx, input, signal }) => openTaskChanges(ctx, input.lastEventId, signal)),
} satisfies TRPCRouterRecord;
