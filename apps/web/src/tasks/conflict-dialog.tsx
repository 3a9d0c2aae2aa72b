// Shown when an edit lost a race: someone (another tab, device or the CLI) saved a newer version
// first. The person sees both and chooses; nothing is overwritten silently.
// A native <dialog> opened with showModal(): the browser traps focus and makes the rest of the
// page inert. Escape is the same as "Keep newer version", and focus goes back where it was.
import { useId, useLayoutEffect, useRef } from 'react';

import { describeRecurrence } from '@tasklane/api/contract';
import type { Task } from '@tasklane/api/client';

import { Button } from '../ui/button';
import type { TaskChanges, TaskConflict } from './task-actions';
import { useAccountTimeZone } from './account-time-zone';
import { formatDue } from './due-dates';

const fieldLabels: Record<keyof TaskChanges, string> = {
  title: 'Title',
  description: 'Description',
  priority: 'Priority',
  dueAt: 'Due',
  tags: 'Tags',
  completed: 'Done',
  recurrence: 'Repeats',
};

function show(
  field: keyof TaskChanges,
  value: TaskChanges[keyof TaskChanges],
  at: { now: Date; timeZone: string },
): string {
  if (value === undefined) return '';
  if (value === null) {
    return field === 'dueAt' ? 'No date' : field === 'recurrence' ? 'Does not repeat' : '';
  }
  if (value instanceof Date) return formatDue(value, at.now, at.timeZone);
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return describeRecurrence(value, { timeZone: at.timeZone });
  return value === '' ? '(empty)' : value;
}

export function ConflictDialog({
  conflict,
  now,
  onKeepTheirs,
  onUseMine,
}: {
  conflict: TaskConflict;
  now: Date;
  onKeepTheirs: (theirs: Task) => void;
  onUseMine: (conflict: TaskConflict) => void;
}) {
  const titleId = useId();
  const at = { now, timeZone: useAccountTimeZone() };
  const first = useRef<HTMLButtonElement>(null);
  const fields = Object.keys(conflict.mine) as (keyof TaskChanges)[];

  const dialog = useRef<HTMLDialogElement>(null);
  // Escape fires keydown and, in browsers, also `cancel`: the choice is made once.
  const chosen = useRef(false);
  const keepTheirs = (): void => {
    if (chosen.current) return;
    chosen.current = true;
    onKeepTheirs(conflict.theirs);
  };

  useLayoutEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    openModal(element);
    first.current?.focus();
    return () => {
      // Runs while the dialog is still in the document (layout cleanup precedes removal).
      if (element.open) closeDialog(element);
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        keepTheirs();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        keepTheirs();
      }}
      className="m-auto w-full max-w-lg rounded-2xl bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        This task was changed elsewhere
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        A newer version of “{conflict.theirs.title}” was saved before your edit. Choose which to
        keep.
      </p>
      <table className="mt-4 w-full text-left text-sm">
        <thead>
          <tr className="text-slate-600 dark:text-slate-400">
            <th scope="col" className="py-1 pr-2 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Newer version
            </th>
            <th scope="col" className="py-1 font-medium">
              Your change
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field} className="border-t border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="py-2 pr-2 font-medium">
                {fieldLabels[field]}
              </th>
              <td className="py-2 pr-2 break-words">{show(field, conflict.theirs[field], at)}</td>
              <td className="py-2 break-words">{show(field, conflict.mine[field], at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button ref={first} variant="secondary" onClick={keepTheirs}>
          Keep newer version
        </Button>
        <Button
          onClick={() => {
            onUseMine(conflict);
          }}
        >
          Use my changes
        </Button>
      </div>
    </dialog>
  );
}

// jsdom (the component tests) has no showModal() or close(); there the dialog is only shown.
function openModal(element: HTMLDialogElement): void {
  if ('showModal' in element && typeof element.showModal === 'function') element.showModal();
  else element.setAttribute('open', '');
}

function closeDialog(element: HTMLDialogElement): void {
  if ('close' in element && typeof element.close === 'function') element.close();
  else element.removeAttribute('open');
}
