// The chips under the composer's title: what the quick-add parser read, each removable.
import { describeRecurrence } from '@tasklane/api/contract';
import type { QuickAddSpan } from '@tasklane/api/quick-add';

import { cx, focusRing } from '../ui/class-names';
import { CloseIcon } from '../ui/icons';
import { useAccountTimeZone } from './account-time-zone';
import { formatDue } from './due-dates';

const PRIORITY_NAMES = { high: 'High', medium: 'Medium', low: 'Low' } as const;

export function chipLabel(span: QuickAddSpan, now: Date, timeZone: string): string {
  switch (span.kind) {
    case 'due':
      return `Due ${formatDue(span.dueAt, now, timeZone)}`;
    case 'priority':
      return `${PRIORITY_NAMES[span.priority]} priority`;
    case 'tag':
      return `#${span.tag}`;
    case 'list':
      return `List ${span.listName}`;
    case 'recurrence':
      return describeRecurrence(span.recurrence);
  }
}

const chipStyles: Record<QuickAddSpan['kind'], string> = {
  due: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  priority: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  tag: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  list: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200',
  recurrence: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
};

export function QuickAddChips({
  spans,
  onRemove,
}: {
  spans: readonly QuickAddSpan[];
  onRemove: (span: QuickAddSpan) => void;
}) {
  const now = new Date();
  const timeZone = useAccountTimeZone();
  return (
    <ul aria-label="Read from the title" className="mt-2 flex flex-wrap gap-1.5">
      {spans.map((span) => {
        const label = chipLabel(span, now, timeZone);
        return (
          <li
            key={`${span.kind}:${String(span.start)}`}
            className={cx(
              'inline-flex items-center gap-1 rounded-full py-0.5 pr-1 pl-2.5 text-sm font-medium',
              chipStyles[span.kind],
            )}
          >
            <span>{label}</span>
            <button
              type="button"
              aria-label={`Keep "${span.text}" as text`}
              title={`Keep "${span.text}" as text`}
              onClick={() => {
                onRemove(span);
              }}
              className={cx(
                'rounded-full p-1.5 hover:bg-black/10 dark:hover:bg-white/10',
                focusRing,
              )}
            >
              <CloseIcon />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
