import type { TaskStats } from '@tasklane/api/client';

import { Skeleton } from '../ui/skeleton';

/** Counts at a glance; overdue and due-today are buttons that filter the list to them. */
export function StatsLine({
  stats,
  onShowDue,
}: {
  stats: TaskStats | undefined;
  onShowDue: (due: 'overdue' | 'today') => void;
}) {
  if (stats === undefined) return <Skeleton className="mt-1 h-5 w-44" />;
  return (
    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
      {stats.active} active
      {stats.overdue > 0 && (
        <>
          {' · '}
          <button
            type="button"
            onClick={() => {
              onShowDue('overdue');
            }}
            className="font-semibold text-red-700 underline focus-visible:outline-2 focus-visible:outline-red-600 dark:text-red-400"
          >
            {stats.overdue} overdue
          </button>
        </>
      )}
      {stats.dueToday > 0 && (
        <>
          {' · '}
          <button
            type="button"
            onClick={() => {
              onShowDue('today');
            }}
            className="font-semibold text-amber-800 underline focus-visible:outline-2 focus-visible:outline-amber-600 dark:text-amber-300"
          >
            {stats.dueToday} due today
          </button>
        </>
      )}
    </p>
  );
}
