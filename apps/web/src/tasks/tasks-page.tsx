import {
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

import { errorCode, type Task } from '@tasklane/api/client';

import { ListPanel, useLists } from '../lists/list-panel';
import { MissingList } from '../lists/missing-list';
import { listIdInput, useTaskView } from '../lists/task-view';
import { TimeZonePrompt } from '../lists/time-zone-prompt';
import { UpcomingView } from '../lists/upcoming-view';
import { errorMessage } from '../trpc/error-message';
import { useTRPC, useTRPCClient } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { useToast } from '../ui/toasts';
import { useAccountTimeZone } from './account-time-zone';
import { ClearCompleted } from './clear-completed';
import { ConflictDialog } from './conflict-dialog';
import { createTaskActions, type TaskConflict } from './task-actions';
import { replayOnPage } from './live-cache';
import { LiveStatusBadge } from './live-status';
import { flattenPages, withCreating } from './task-cache';
import { TaskComposer } from './task-composer';
import { EmptyState } from './task-empty-state';
import { defaultFilter, isFiltered, listInput, type TaskFilter } from './task-filter';
import { TaskFilters } from './task-filters';
import { TaskItem } from './task-item';
import { ListSkeleton } from './task-list-skeleton';
import { StatsLine } from './task-stats-line';
import { useDebouncedValue } from './use-debounced-value';
import { createLiveEventLog } from './live-event-log';
import { useLiveTasks } from './use-live-tasks';
import { useReminderAlerts } from './reminder-alerts';
import { useNow } from './use-now';

const SEARCH_DEBOUNCE_MS = 300;

export function TasksPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const now = useNow();
  // "Today" and "this week" are days in the account's zone (auth.updateProfile sets it).
  const timeZone = useAccountTimeZone();

  const [view, setView] = useTaskView();
  const { filter } = view;
  const setFilter = (next: TaskFilter): void => {
    setView({ ...view, filter: next });
  };
  const lists = useLists();
  const chosenList =
    typeof view.list === 'string'
      ? undefined
      : lists.data?.find((list) => typeof view.list !== 'string' && list.id === view.list.id);
  // The URL names a list that is not among the person's lists: the server would answer
  // NOT_FOUND, so neither its tasks nor its counts are asked for.
  const listKnownMissing =
    typeof view.list !== 'string' && lists.isSuccess && chosenList === undefined;
  // Typing waits for a pause before the list is read again; clearing takes effect at once. A
  // cleared search left waiting kept the searched list on screen: a task added meanwhile showed
  // there, went when that list was read again, and came back in a new row when the wait ended,
  // taking the keyboard focus with it.
  const debouncedSearch = useDebouncedValue(filter.search, SEARCH_DEBOUNCE_MS);
  const debouncedTag = useDebouncedValue(filter.tag, SEARCH_DEBOUNCE_MS);
  const search = filter.search === '' ? '' : debouncedSearch;
  const tag = filter.tag === '' ? '' : debouncedTag;
  const listChoice = view.list;
  const input = useMemo(
    () => ({ ...listInput({ ...filter, search, tag }, timeZone), ...listIdInput(listChoice) }),
    [filter, search, tag, timeZone, listChoice],
  );
  const currentInput = useRef(input);
  useLayoutEffect(() => {
    currentInput.current = input;
  }, [input]);

  const [conflict, setConflict] = useState<TaskConflict | null>(null);
  // Deleted but still undoable: hidden here, sent to the server when the undo window closes.
  const [pendingDeletes, setPendingDeletes] = useState<ReadonlySet<string>>(new Set());
  // The same deletes, still to be sent: on pagehide (tab closed, navigated away) they go at once.
  const unsentDeletes = useRef(new Map<string, Task>());

  // What the stream delivered and what the server answered to changes made here, in order.
  const [eventLog] = useState(createLiveEventLog);
  const actions = useMemo(
    () =>
      createTaskActions({
        client,
        queryClient,
        trpc,
        toast: toast.show,
        listInput: () => currentInput.current,
        onConflict: setConflict,
        onAnswer: eventLog.record,
      }),
    [client, queryClient, trpc, toast.show, eventLog],
  );
  const onReminder = useReminderAlerts();
  const live = useLiveTasks({ log: eventLog, isChanging: actions.isChanging, onReminder });

  useEffect(() => {
    const unsent = unsentDeletes.current;
    const sendNow = (): void => {
      for (const task of unsent.values()) void actions.remove(task, { keepalive: true });
      unsent.clear();
    };
    window.addEventListener('pagehide', sendNow);
    return () => {
      window.removeEventListener('pagehide', sendNow);
    };
  }, [actions]);

  const stats = useQuery({
    ...trpc.tasks.stats.queryOptions({ timeZone, ...listIdInput(listChoice) }),
    enabled: live.ready && !listKnownMissing,
  });
  // Not trpc.tasks.list.infiniteQueryOptions(): it adds a `direction` field to the input, which
  // the strict list schema refuses. The key is tRPC's own, so invalidation works the same.
  const list = useInfiniteQuery({
    queryKey: trpc.tasks.list.infiniteQueryKey(input),
    queryFn: async ({ pageParam, signal }) => {
      const mark = eventLog.mark();
      const fetched = await client.tasks.list.query({ ...input, cursor: pageParam }, { signal });
      // Changes that arrived live while the page was on its way are newer than it.
      const view = { input, now: new Date() };
      const page = replayOnPage(fetched, eventLog.since(mark), view);
      return pageParam === null ? withCreating(page, actions.creating(), view) : page;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    enabled: live.ready && !listKnownMissing,
  });
  // The server said the list is gone before the lists here did (deleted elsewhere, or the lists
  // were still on their way): read them again, so the sidebar drops it too.
  const listNotFound = typeof view.list !== 'string' && errorCode(list.error) === 'NOT_FOUND';
  useEffect(() => {
    if (listNotFound) void queryClient.invalidateQueries(trpc.lists.list.queryFilter());
  }, [listNotFound, queryClient, trpc]);
  const listMissing = view.view === 'tasks' && (listKnownMissing || listNotFound);
  const tasks = flattenPages(list.data).filter((task) => !pendingDeletes.has(task.id));
  const filtered = isFiltered({ ...filter, search, tag });

  const changeFilter = (changes: Partial<TaskFilter>): void => {
    setFilter({ ...filter, ...changes });
  };
  const heading =
    view.view === 'upcoming'
      ? 'Upcoming'
      : view.list === 'inbox'
        ? 'Inbox'
        : listMissing
          ? 'List not found'
          : (chosenList?.name ?? 'Tasks');
  // New tasks go into the list on screen (the Inbox under "All tasks" and "Inbox").
  const newTaskListId = chosenList?.id ?? null;

  const setPending = (id: string, pending: boolean): void => {
    setPendingDeletes((current) => {
      const next = new Set(current);
      if (pending) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const requestDelete = (task: Task): void => {
    setPending(task.id, true);
    unsentDeletes.current.set(task.id, task);
    toast.show({
      message: `Deleted “${task.title}”.`,
      action: {
        label: 'Undo',
        onAction: () => {
          unsentDeletes.current.delete(task.id);
          setPending(task.id, false);
        },
      },
      onExpire: () => {
        // Already sent if the page was hidden (and then restored from the back/forward cache).
        if (!unsentDeletes.current.delete(task.id)) return;
        void actions.remove(task).finally(() => {
          setPending(task.id, false);
        });
      },
    });
  };

  // A gone list's counts (cached from before it went) are not shown.
  const shownStats = listMissing ? null : stats.data;
  const completedCount = shownStats?.completed ?? 0;

  useEffect(() => {
    document.title = `${heading} · Tasklane`;
  }, [heading]);

  return (
    <div className="flex flex-col gap-5 lg:flex-row lg:items-start">
      <aside className="lg:sticky lg:top-16 lg:w-56 lg:shrink-0">
        <ListPanel
          view={view}
          onChoose={(next) => {
            setView({ ...view, ...next }, { push: true });
          }}
        />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col gap-5">
        <TimeZonePrompt />
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <div className="flex items-baseline gap-3">
              <h1 className="text-2xl font-semibold tracking-tight">{heading}</h1>
              <LiveStatusBadge status={live.status} />
            </div>
            {shownStats !== null && (
              <StatsLine
                stats={shownStats}
                onShowDue={(due) => {
                  changeFilter({ due, status: 'all' });
                }}
              />
            )}
          </div>
          <ClearCompleted
            count={completedCount}
            onConfirm={() => {
              void actions.clearCompleted();
            }}
          />
        </div>

        {/* The list a ^Name chip named, else the list on screen (none is, while it is gone). */}
        {!listMissing && (
          <TaskComposer
            onAdd={(task) => void actions.create({ ...task, listId: task.listId ?? newTaskListId })}
          />
        )}
        {listMissing ? (
          <MissingList
            onShowAll={() => {
              setView({ ...view, list: 'all' });
            }}
          />
        ) : view.view === 'upcoming' ? (
          <UpcomingView
            timeZone={timeZone}
            now={now}
            renderTask={(task) => (
              <TaskItem
                key={task.id}
                task={task}
                now={now}
                onToggle={(item) => actions.setCompleted(item, !item.completed)}
                onSave={(item, changes) => void actions.update(item, changes)}
                onDelete={requestDelete}
                onTag={(value) => {
                  setView(
                    { ...view, view: 'tasks', filter: { ...filter, tag: value } },
                    { push: true },
                  );
                }}
              />
            )}
          />
        ) : (
          <>
            <TaskFilters filter={filter} stats={stats.data} onChange={changeFilter} />

            <section aria-label="Task list" aria-busy={list.isFetching || undefined}>
              {list.isPending ? (
                <ListSkeleton />
              ) : list.isError && tasks.length === 0 ? (
                <Alert tone="error">
                  <p>{errorMessage(list.error)}</p>
                  <Button
                    variant="secondary"
                    size="sm"
                    className="mt-2"
                    onClick={() => void list.refetch()}
                  >
                    Try again
                  </Button>
                </Alert>
              ) : tasks.length === 0 ? (
                <EmptyState
                  filtered={filtered}
                  onClear={() => {
                    setFilter(defaultFilter);
                  }}
                />
              ) : (
                <ul className="flex flex-col gap-2">
                  {tasks.map((task) => (
                    <TaskItem
                      key={task.id}
                      task={task}
                      now={now}
                      onToggle={(item) => actions.setCompleted(item, !item.completed)}
                      onSave={(item, changes) => void actions.update(item, changes)}
                      onDelete={requestDelete}
                      onTag={(value) => {
                        changeFilter({ tag: value });
                      }}
                    />
                  ))}
                </ul>
              )}
              {list.hasNextPage && (
                <div className="mt-4 flex justify-center">
                  <Button
                    variant="secondary"
                    pending={list.isFetchingNextPage}
                    onClick={() => void list.fetchNextPage()}
                  >
                    {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </Button>
                </div>
              )}
            </section>
          </>
        )}

        {conflict !== null && (
          <ConflictDialog
            conflict={conflict}
            now={now}
            onKeepTheirs={(theirs) => {
              actions.accept(theirs);
              setConflict(null);
            }}
            onUseMine={({ theirs, mine }) => {
              setConflict(null);
              void actions.update(theirs, mine);
            }}
          />
        )}
      </div>
    </div>
  );
}
