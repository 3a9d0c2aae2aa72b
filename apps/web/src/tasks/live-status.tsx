import { cx } from '../ui/class-names';
import type { LiveStatus } from './use-live-tasks';

const labels: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  off: 'Not live',
};

/** Whether changes made elsewhere show up here as they happen. */
export function LiveStatusBadge({ status }: { status: LiveStatus }) {
  return (
    <p
      role="status"
      aria-label="Live updates"
      className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-600 dark:text-slate-400"
    >
      <span
        aria-hidden="true"
        className={cx(
          'size-2 rounded-full',
          status === 'live'
            ? 'bg-emerald-500'
            : status === 'off'
              ? 'bg-slate-400'
              : 'animate-pulse bg-amber-500',
        )}
      />
      {labels[status]}
    </p>
  );
}
