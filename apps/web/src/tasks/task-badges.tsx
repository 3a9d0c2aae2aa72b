import { describeRecurrence, type TaskPriority as Priority } from '@tasklane/api/contract';
import type { Task } from '@tasklane/api/client';

import { cx } from '../ui/class-names';
import { useAccountTimeZone } from './account-time-zone';
import { dueStatus, formatDue } from './due-dates';

const priorityStyles: Record<Priority, string> = {
  high: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  medium: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  low: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

const badge = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium';

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span className={cx(badge, priorityStyles[priority])}>
      <span className="sr-only">Priority: </span>
      {priority === 'high' ? 'High' : priority === 'medium' ? 'Medium' : 'Low'}
    </span>
  );
}

/** Overdue in red and due today in amber, so both stand out when scanning the list. */
export function DueBadge({ task, now }: { task: Task; now: Date }) {
  const timeZone = useAccountTimeZone();
  if (task.dueAt === null) return null;
  const status = dueStatus(task, now, timeZone);
  const label = formatDue(task.dueAt, now, timeZone);
  const styles = {
    overdue: 'bg-red-600 text-white dark:bg-red-500 dark:text-slate-950',
    today: 'bg-amber-400 text-amber-950',
    upcoming: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
    done: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400',
    none: '',
  }[status];
  // "Due today", "Due tomorrow", "Due Mar 3"; "Overdue · Yesterday".
  const relative = /^(?:Today|Tomorrow|Yesterday)/.test(label);
  const text =
    status === 'overdue'
      ? `Overdue · ${label}`
      : `Due ${relative ? label.charAt(0).toLowerCase() + label.slice(1) : label}`;
  return (
    <span className={cx(badge, styles)}>
      <time dateTime={task.dueAt.toISOString()}>{text}</time>
    </span>
  );
}

/** "Repeats every weekday", for a repeating task. */
export function RepeatBadge({ task }: { task: Task }) {
  const timeZone = useAccountTimeZone();
  if (task.recurrence === null) return null;
  return (
    <span
      className={cx(badge, 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200')}
    >
      {describeRecurrence(task.recurrence, { timeZone })}
    </span>
  );
}
