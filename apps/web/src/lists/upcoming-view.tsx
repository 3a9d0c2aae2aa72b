// Upcoming: the active tasks due soonest, grouped by day in the account's time zone: Overdue,
// Today, Tomorrow, then each of the next 7 days.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import type { Task, TaskListInput } from '@tasklane/api/client';
import { TASK_LIMITS } from '@tasklane/api/contract';

import { errorMessage } from '../trpc/error-message';
import { useTRPC, useTRPCClient } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { ListSkeleton } from '../tasks/task-list-skeleton';
import { dayIn, groupByDay, lastUpcomingDay } from './day-groups';

/**
 * Pages read at most: a person with more overdue tasks than this sees the oldest ones and a note,
 * rather than a page that grows without end.
 */
const MAX_PAGES = 20;

interface UpcomingViewProps {
  timeZone: string;
  now: Date;
  renderTask: (task: Task) => ReactNode;
}

export function UpcomingView({ timeZone, now, renderTask }: UpcomingViewProps) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = {
    status: 'active',
    sort: 'due',
    order: 'asc',
    limit: TASK_LIMITS.pageSizeMax,
    timeZone,
  } satisfies TaskListInput;
  const lastDay = lastUpcomingDay(now, timeZone);
  // Active tasks by due date, page after page until one reaches past the last day shown (undated
  // ones sort last and are left out): a long Overdue list cannot push Today off the view. One
  // query under tRPC's key for the input, so live changes refetch it like any list.
  const tasks = useQuery({
    queryKey: trpc.tasks.list.queryKey(input),
    queryFn: async ({ signal }) => {
      const items: Task[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const fetched = await client.tasks.list.query({ ...input, cursor }, { signal });
        items.push(...fetched.items);
        const last = fetched.items.at(-1)?.dueAt ?? null;
        cursor = fetched.nextCursor;
        if (cursor === null || last === null || dayIn(timeZone, last) > lastDay) {
          return { items, complete: true };
        }
      }
      return { items, complete: false };
    },
  });
  if (tasks.isPending) return <ListSkeleton />;
  if (tasks.isError) return <Alert tone="error">{errorMessage(tasks.error)}</Alert>;
  const groups = groupByDay(tasks.data.items, now, timeZone);
  if (groups.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Nothing due in the next 8 days. Tasks with a due date show here, by day.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-5">
      {tasks.data.complete ? null : (
        <Alert tone="info">
          Showing the {tasks.data.items.length.toLocaleString()} tasks due soonest. Complete or
          reschedule some overdue tasks to see the rest.
        </Alert>
      )}
      {groups.map((group) => (
        <section key={group.key} aria-labelledby={`upcoming-${group.key}`}>
          <h2
            id={`upcoming-${group.key}`}
            className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-300"
          >
            {group.heading}
          </h2>
          <ul className="flex flex-col gap-2">{group.tasks.map(renderTask)}</ul>
        </section>
      ))}
    </div>
  );
}
