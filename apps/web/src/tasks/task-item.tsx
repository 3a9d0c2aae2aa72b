import { useEffect, useId, useRef, useState } from 'react';

import type { Task } from '@tasklane/api/client';

import { Button } from '../ui/button';
import { useForm } from '../ui/use-form';
import { PencilIcon, TrashIcon } from '../ui/icons';
import { cx, focusRing, inputClass } from '../ui/class-names';
import type { NewTask, TaskChanges } from './task-actions';
import { DueBadge, PriorityBadge, RepeatBadge } from './task-badges';
import { loadValidators } from '../validation/load-validators';
import { changedFields, draftFromTask, draftToTask, type TaskDraft } from './task-draft';
import { TaskFields } from './task-fields';
import { TaskReminders } from './task-reminders';
import { useAccountTimeZone } from './account-time-zone';
import { dueStatus } from './due-dates';

export interface TaskItemProps {
  task: Task;
  now: Date;
  /** Resolves once the change is saved or rolled back. */
  onToggle: (task: Task) => Promise<void>;
  onSave: (task: Task, changes: TaskChanges) => void;
  onDelete: (task: Task) => void;
  onTag: (tag: string) => void;
}

export function TaskItem({ task, now, onToggle, onSave, onDelete, onTag }: TaskItemProps) {
  const [editing, setEditing] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const checkboxId = useId();
  const status = dueStatus(task, now, useAccountTimeZone());
  // The box flips on click, before the cache update renders; once the change has settled
  // (saved, or rolled back) the cached task decides again.
  const [pendingChecked, setPendingChecked] = useState<boolean | null>(null);
  const checked = pendingChecked ?? task.completed;

  // Keyboard users land back on "Edit" when the form closes, not at the top of the page.
  useEffect(() => {
    if (!editing && returnFocus) {
      editButton.current?.focus();
      setReturnFocus(false);
    }
  }, [editing, returnFocus]);

  const closeEditor = (): void => {
    setEditing(false);
    setReturnFocus(true);
  };

  if (editing) {
    return (
      <li className="rounded-xl border border-indigo-300 bg-white p-3 shadow-sm dark:border-indigo-700 dark:bg-slate-900">
        <TaskEditForm
          task={task}
          onCancel={closeEditor}
          onSave={(base, changes) => {
            closeEditor();
            if (Object.keys(changes).length > 0) onSave(base, changes);
          }}
        />
      </li>
    );
  }

  return (
    <li
      className={cx(
        'flex gap-3 rounded-xl border bg-white p-3 shadow-sm dark:bg-slate-900',
        status === 'overdue'
          ? 'border-red-300 dark:border-red-800'
          : status === 'today'
            ? 'border-amber-300 dark:border-amber-700'
            : 'border-slate-200 dark:border-slate-800',
      )}
    >
      <input
        id={checkboxId}
        type="checkbox"
        checked={checked}
        onChange={() => {
          setPendingChecked(!checked);
          void onToggle(task).finally(() => {
            setPendingChecked(null);
          });
        }}
        className={cx('mt-1 size-5 shrink-0 cursor-pointer accent-indigo-600', focusRing)}
      />
      <div className="min-w-0 flex-1">
        <label
          htmlFor={checkboxId}
          className={cx(
            'block cursor-pointer font-medium break-words',
            checked && 'text-slate-500 line-through dark:text-slate-400',
          )}
        >
          {task.title}
        </label>
        {task.description !== '' && (
          <p className="mt-0.5 line-clamp-2 text-sm break-words text-slate-600 dark:text-slate-400">
            {task.description}
          </p>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-1.5">
          <PriorityBadge priority={task.priority} />
          <DueBadge task={task} now={now} />
          <RepeatBadge task={task} />
          {task.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              title={`Show tasks tagged ${tag}`}
              onClick={() => {
                onTag(tag);
              }}
              className={cx(
                'rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800 hover:bg-indigo-100 dark:bg-indigo-950 dark:text-indigo-200',
                focusRing,
              )}
            >
              #{tag}
            </button>
          ))}
        </div>
      </div>
      <div className="flex shrink-0 items-start gap-1">
        <Button
          ref={editButton}
          variant="ghost"
          size="sm"
          aria-label={`Edit “${task.title}”`}
          title="Edit"
          onClick={() => {
            setEditing(true);
          }}
          className="px-2"
        >
          <PencilIcon />
        </Button>
        <Button
          variant="ghost"
          size="sm"
          aria-label={`Delete “${task.title}”`}
          title="Delete"
          onClick={() => {
            onDelete(task);
          }}
          className="px-2 text-red-700 dark:text-red-400"
        >
          <TrashIcon />
        </Button>
      </div>
    </li>
  );
}

function TaskEditForm({
  task,
  onSave,
  onCancel,
}: {
  task: Task;
  /** `base`: the task as it was when editing began, whose version the save is checked against. */
  onSave: (base: Task, changes: TaskChanges) => void;
  onCancel: () => void;
}) {
  // A change arriving live while the person edits must not become the base of their save: saved
  // against the version they started from, it is a conflict they decide, not a silent overwrite.
  const [base] = useState(task);
  // The due date and time are shown and read in the account's zone.
  const timeZone = useAccountTimeZone();
  const form = useForm<TaskDraft, NewTask>({
    initial: draftFromTask(base, timeZone),
    validate: async (draft: TaskDraft) =>
      (await loadValidators())?.parseDraft(draft, timeZone) ?? {
        ok: true,
        value: draftToTask(draft, timeZone),
      },
    send: (parsed) => {
      onSave(base, changedFields(base, parsed));
      return Promise.resolve();
    },
  });
  const { values: draft, errors } = form;
  const titleId = useId();
  const titleErrors = errors.title ?? [];

  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      aria-label={`Edit “${task.title}”`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      className="flex flex-col gap-3"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={titleId} className="text-sm font-medium text-slate-700 dark:text-slate-300">
          Title
        </label>
        <input
          id={titleId}
          // The person asked to edit: the title is where they will type.
          autoFocus
          value={draft.title}
          aria-invalid={titleErrors.length > 0 || undefined}
          onChange={(event) => {
            form.update({ title: event.target.value });
          }}
          className={inputClass}
        />
        {titleErrors.length > 0 && (
          <p className="text-sm font-medium text-red-700 dark:text-red-400">
            {titleErrors.join(' ')}
          </p>
        )}
      </div>
      <TaskFields
        draft={draft}
        errors={errors}
        onChange={(changes) => {
          form.update(changes);
        }}
      />
      <TaskReminders task={task} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm">
          Save
        </Button>
      </div>
    </form>
  );
}
