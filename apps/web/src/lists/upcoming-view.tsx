// Upcoming: the active tasks due soonest, grouped by day in the account's time zone: Overdue,
// Today, Tomorrow, then each of the next 7 days.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import type { Task } from '@tasklane/api/client';
import { TASK_LIMITS } from '@tasklane/api/contract';

import { errorMessage } from '../trpc/error-message';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { ListSkeleton } from '../tasks/task-list-skeleton';
import { groupByDay } from './day-groups';

interface UpcomingViewProps {
  timeZone: string;
  now: Date;
  renderTask: (task: Task) => ReactNode;
}

export function UpcomingView({ timeZone, now, renderTask }: UpcomingViewProps) {
  const trpc = useTRPC();
  // The soonest 100 active tasks by due date (undated ones sort last and are left out).
  const tasks = useQuery(
    trpc.tasks.list.queryOptions({
      status: 'active',
      sort: 'due',
      order: 'asc',
      limit: TASK_LIMITS.pageSizeMax,
      timeZone,
    }),
  );
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
