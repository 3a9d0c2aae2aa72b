// Every change to tasks, applied to the cached lists at once (optimistic) and then sent. A
// failure puts back exactly what that change altered and says so; a CONFLICT hands the newer
// version to the person to decide.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';

import {
  conflictingTask,
  type AppRouter,
  type Task,
  type TaskListInput,
} from '@tasklane/api/client';

import { errorMessage } from '../trpc/error-message';
import { KEEPALIVE_CONTEXT } from '../trpc/keepalive';
import type { useTRPC } from '../trpc/trpc';
import type { ToastOptions } from '../ui/toasts';
import type { ListEvent } from './live-event-log';
import { newTaskId } from './new-id';
import {
  applyChanges,
  prependTask,
  removeTasks,
  replaceTask,
  type TaskListData,
} from './task-cache';
import { belongsIn } from './task-filter';

export type TaskChanges = Partial<
  Pick<Task, 'title' | 'description' | 'priority' | 'dueAt' | 'tags' | 'completed' | 'recurrence'>
>;

export interface NewTask {
  title: string;
  description: string;
  priority: Task['priority'];
  dueAt: Date | null;
  tags: string[];
  /** The list to create it in; null or absent: the Inbox. */
  listId?: string | null | undefined;
  /** How it repeats; null or absent: a one-off task. */
  recurrence?: Task['recurrence'] | undefined;
}

export interface TaskConflict {
  /** The version now on the server. */
  theirs: Task;
  /** What this person tried to change. */
  mine: TaskChanges;
}

export interface TaskActionDeps {
  client: TRPCClient<AppRouter>;
  queryClient: QueryClient;
  trpc: ReturnType<typeof useTRPC>;
  toast: (options: ToastOptions) => void;
  /** The list on screen: it alone is filtered locally, other cached lists wait for a refetch. */
  listInput: () => TaskListInput;
  onConflict: (conflict: TaskConflict) => void;
  /**
   * The server's answer to a change made here, as the event it also sends: a list read before
   * that change and answered after it replays it, as it replays events that came meanwhile.
   */
  onAnswer?: (event: ListEvent) => void;
  now?: () => Date;
}

export interface TaskActions {
  create(task: NewTask): Promise<void>;
  setCompleted(task: Task, completed: boolean): Promise<void>;
  update(task: Task, changes: TaskChanges): Promise<void>;
  /** Replaces the cached copy with a version the server gave (e.g. theirs after a conflict). */
  accept(task: Task): void;
  /** `keepalive`: sent so that it survives the page unloading (pagehide). */
  remove(task: Task, options?: { keepalive?: boolean }): Promise<void>;
  clearCompleted(): Promise<void>;
  /** Tasks added here whose create has not been answered yet. */
  creating(): Task[];
  /** Whether a change of this task made here is still on its way (live events wait for it). */
  isChanging: (id: string) => boolean;
}

/** The list input inside a `tasks.list` infinite query key (tRPC's `[path, { input, type }]`). */
export function listInputOf(key: QueryKey): TaskListInput | null {
  const params: unknown = key[1];
  if (typeof params !== 'object' || params === null || !('input' in params)) return null;
  return (params.input as TaskListInput | undefined) ?? null;
}

export function createTaskActions(deps: TaskActionDeps): TaskActions {
  const { client, queryClient, trpc } = deps;
  const now = deps.now ?? (() => new Date());
  const lists = trpc.tasks.list.infiniteQueryFilter();
  let inFlight = 0;
  // Creates still on their way. A change to such a task waits for its create: sent at once, it
  // could reach the server first and be refused as "not found" for a task the person can see.
  const creating = new Map<string, Promise<void>>();
  const created = (id: string): Promise<void> => creating.get(id) ?? Promise.resolve();
  // Their drafts, so a list fetched before the server has them still shows them.
  const drafts = new Map<string, Task>();
  // Tasks with a change on its way, and how many.
  const changing = new Map<string, number>();
  // Creates go out one after another: sent together, they could reach the server in another
  // order than the person added them, and lists ordered by the server's creation time would
  // show the newest below an older one.
  let previousCreate: Promise<void> = Promise.resolve();

  const currentKey = () => trpc.tasks.list.infiniteQueryKey(deps.listInput());

  const editLists = (edit: (data: TaskListData) => TaskListData): void => {
    queryClient.setQueriesData<TaskListData>(lists, (data) =>
      data === undefined ? data : edit(data),
    );
  };

  const putTask = (task: Task): void => {
    editLists((data) => replaceTask(data, task, { input: null, now: now() }));
    queryClient.setQueryData<TaskListData>(currentKey(), (data) =>
      data === undefined ? data : replaceTask(data, task, { input: deps.listInput(), now: now() }),
    );
  };
  /** A version the server gave. */
  const putAnswer = (task: Task): void => {
    putTask(task);
    deps.onAnswer?.({ type: 'upsert', task });
  };

  /**
   * Runs a change (of task `id`, if it is one task's): optimistic edit first, then the request;
   * lists and counts refetch after.
   */
  const run = async (
    optimistic: () => void,
    request: () => Promise<void>,
    id?: string,
  ): Promise<void> => {
    inFlight += 1;
    if (id !== undefined) changing.set(id, (changing.get(id) ?? 0) + 1);
    // A refetch already under way would overwrite the optimistic edit with older data.
    if (queryClient.isFetching(lists) > 0) await queryClient.cancelQueries(lists);
    optimistic();
    try {
      await request();
    } finally {
      if (id !== undefined) {
        const left = (changing.get(id) ?? 1) - 1;
        if (left === 0) changing.delete(id);
        else changing.set(id, left);
      }
      inFlight -= 1;
      // Refetch once the last of several quick changes is done, not in between.
      if (inFlight === 0) {
        void queryClient.invalidateQueries(lists);
        void queryClient.invalidateQueries(trpc.tasks.stats.queryFilter());
        // A list's count of active tasks moves with its tasks.
        void queryClient.invalidateQueries(trpc.lists.list.queryFilter());
      }
    }
  };

  const actions: TaskActions = {
    create: (fields) => {
      const id = newTaskId();
      const at = now();
      const draft: Task = {
        id,
        ...fields,
        listId: fields.listId ?? null,
        completed: false,
        createdAt: at,
        updatedAt: at,
        completedAt: null,
        version: 1,
        recurrence: fields.recurrence ?? null,
      };
      const send = async (): Promise<void> => {
        try {
          putAnswer(await client.tasks.create.mutate({ id, ...fields }));
        } catch (error) {
          editLists((data) => removeTasks(data, (task) => task.id === id));
          deps.toast({
            tone: 'error',
            message: `Could not add “${fields.title}”. ${errorMessage(error)}`,
            // The same id again: a create that did reach the server is not made twice.
            action: {
              label: 'Retry',
              onAction: () => void run(addDraft, sendTracked, id),
            },
          });
        }
      };
      // On the list on screen, and on every other cached list it belongs in: a filter or search
      // about to change (a cleared search still waiting out its debounce) must find it there, or
      // the row, and the focus on it, would go until the next refetch.
      const addDraft = (): void => {
        const current = JSON.stringify(currentKey());
        for (const [key, data] of queryClient.getQueriesData<TaskListData>(lists)) {
          const input = listInputOf(key);
          const onScreen = JSON.stringify(key) === current;
          if (
            data === undefined ||
            (!onScreen && (input === null || !belongsIn(draft, input, at)))
          ) {
            continue;
          }
          queryClient.setQueryData<TaskListData>(
            key,
            prependTask(data, draft, { input: input ?? deps.listInput(), now: at }),
          );
        }
      };
      const sendTracked = async (): Promise<void> => {
        // Never rejects: failures are handled inside `send`.
        const sending = previousCreate.then(send);
        previousCreate = sending;
        creating.set(id, sending);
        drafts.set(id, draft);
        try {
          await sending;
        } finally {
          if (creating.get(id) === sending) {
            creating.delete(id);
            drafts.delete(id);
          }
        }
      };
      return run(addDraft, sendTracked, id);
    },

    setCompleted: (task, completed) =>
      run(
        () => {
          putTask(applyChanges(task, { completed }, now()));
        },
        async () => {
          await created(task.id);
          try {
            // The occurrence shown: a retry, or another device completing it too, advances a
            // repeating task once.
            putAnswer(
              await client.tasks.setCompleted.mutate({
                id: task.id,
                completed,
                occurrence: task.dueAt ?? undefined,
              }),
            );
          } catch (error) {
            putTask(task);
            deps.toast({
              tone: 'error',
              message: `Could not ${completed ? 'complete' : 'reopen'} “${task.title}”. ${errorMessage(error)}`,
            });
          }
        },
        task.id,
      ),

    update: (task, changes) =>
      run(
        () => {
          putTask(applyChanges(task, changes, now()));
        },
        async () => {
          await created(task.id);
          try {
            putAnswer(
              await client.tasks.update.mutate({ id: task.id, version: task.version, ...changes }),
            );
          } catch (error) {
            const theirs = conflictingTask(error);
            if (theirs !== undefined) {
              putAnswer(theirs);
              deps.onConflict({ theirs, mine: changes });
              return;
            }
            putTask(task);
            deps.toast({
              tone: 'error',
              message: `Could not save “${task.title}”. ${errorMessage(error)}`,
            });
          }
        },
        task.id,
      ),

    accept: putTask,

    creating: () => [...drafts.values()],

    isChanging: (id) => changing.has(id),

    remove: (task, options = {}) =>
      run(
        () => {
          editLists((data) => removeTasks(data, (item) => item.id === task.id));
        },
        async () => {
          await created(task.id);
          try {
            await client.tasks.delete.mutate(
              { id: task.id },
              options.keepalive === true ? { context: KEEPALIVE_CONTEXT } : undefined,
            );
            deps.onAnswer?.({ type: 'delete', id: task.id });
          } catch (error) {
            // The refetch that follows brings the task back.
            deps.toast({
              tone: 'error',
              message: `Could not delete “${task.title}”. ${errorMessage(error)}`,
            });
          }
        },
        task.id,
      ),

    clearCompleted: () =>
      run(
        () => {
          editLists((data) => removeTasks(data, (task) => task.completed));
        },
        async () => {
          try {
            const { deleted } = await client.tasks.clearCompleted.mutate();
            deps.toast({
              message: `Cleared ${deleted} completed task${deleted === 1 ? '' : 's'}.`,
            });
          } catch (error) {
            deps.toast({
              tone: 'error',
              message: `Could not clear completed tasks. ${errorMessage(error)}`,
            });
          }
        },
      ),
  };
  return actions;
}
