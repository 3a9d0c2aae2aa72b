// Live sync for the task screen: one `tasks.changes` stream while the screen is open, its events
// applied to the cached lists in place (no refetch, so nothing flickers) and the counts refetched
// in the background. `reset` refetches everything. The first lists load only after the stream's
// first `reset` (or once the stream cannot be had), so no change falls between a list's read and
// the stream's start. A `reminder` event changes no list: it goes to `onReminder`. Every applied
// event also goes into the screen's event log, which pages fetched meanwhile replay. Reconnection,
// with backoff and token renewal, is the client link's.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

import type { TaskEvent } from '@tasklane/api/client';

import { useTRPC, useTRPCClient } from '../trpc/trpc';
import { applyLiveEvent } from './live-cache';
import type { ListEvent, LiveEventLog } from './live-event-log';
import { listInputOf } from './task-actions';
import type { TaskListData } from './task-cache';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

/** Lists wait this long at most for the stream's first `reset` before loading anyway. */
const FIRST_RESET_WAIT_MS = 3000;

export interface LiveTasks {
  status: LiveStatus;
  /** The lists may load: the first `reset` came, or the stream could not be had. */
  ready: boolean;
}

export function useLiveTasks(options: {
  /** The screen's event log: every event applied here is recorded in it. */
  log: LiveEventLog;
  isChanging: (id: string) => boolean;
  onReminder?: (event: Extract<TaskEvent, { type: 'reminder' }>) => void;
}): LiveTasks {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [ready, setReady] = useState(false);
  const isChanging = useRef(options.isChanging);
  const onReminder = useRef(options.onReminder);
  useEffect(() => {
    isChanging.current = options.isChanging;
    onReminder.current = options.onReminder;
  }, [options.isChanging, options.onReminder]);
  const { log } = options;

  useEffect(() => {
    const lists = trpc.tasks.list.infiniteQueryFilter();
    let statsRefresh: ReturnType<typeof setTimeout> | undefined;
    // Events of one burst arrive in one task: the counts are refetched once after them.
    const refreshStats = (): void => {
      statsRefresh ??= setTimeout(() => {
        statsRefresh = undefined;
        void queryClient.invalidateQueries(trpc.tasks.stats.queryFilter());
        // A list's count of active tasks moves with its tasks.
        void queryClient.invalidateQueries(trpc.lists.list.queryFilter());
        // Upcoming is a plain list query: refetched, not patched in place.
        void queryClient.invalidateQueries(trpc.tasks.list.queryFilter());
      }, 0);
    };
    const apply = (event: ListEvent): void => {
      log.record(event);
      refreshStats();
      // A change of this person's own on its way: its answer and the refetch after it decide.
      if (event.type === 'upsert' && isChanging.current(event.task.id)) return;
      const now = new Date();
      for (const [key, data] of queryClient.getQueriesData<TaskListData>(lists)) {
        const input = listInputOf(key);
        if (data === undefined || input === null) continue;
        const next = applyLiveEvent(data, event, { input, now });
        if (next !== data) queryClient.setQueryData(key, next);
      }
    };
    const loadAnyway = setTimeout(() => {
      setReady(true);
    }, FIRST_RESET_WAIT_MS);

    const subscription = client.tasks.changes.subscribe(undefined, {
      onData: ({ data: event }) => {
        if (event.type === 'reset') {
          // Stale (not yet loaded lists wait for `ready`, then load once).
          void queryClient.invalidateQueries(trpc.tasks.pathFilter());
          clearTimeout(loadAnyway);
          setReady(true);
          return;
        }
        if (event.type === 'reminder') {
          onReminder.current?.(event);
          return;
        }
        apply(event);
      },
      onConnectionStateChange: (state) => {
        if (state.state === 'pending') setStatus('live');
        else if (state.state === 'connecting' && state.error !== null) {
          setStatus('reconnecting');
          setReady(true);
        }
      },
      onError: () => {
        // The session ended (the app signs out), or the stream was refused for good.
        setStatus('off');
        setReady(true);
      },
    });
    return () => {
      subscription.unsubscribe();
      clearTimeout(loadAnyway);
      clearTimeout(statsRefresh);
    };
  }, [client, queryClient, trpc, log]);

  return { status, ready };
}
