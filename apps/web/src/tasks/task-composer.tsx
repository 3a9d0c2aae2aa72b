// The "add a task" form: a title is enough; more options open the other fields.
import { useId, useRef, useState } from 'react';

import { Button } from '../ui/button';
import { cx, inputClass } from '../ui/class-names';
import { useForm, type Form } from '../ui/use-form';
import type { NewTask } from './task-actions';
import { loadValidators } from '../validation/load-validators';
import { draftToTask, emptyDraft, type TaskDraft } from './task-draft';
import { TaskFields } from './task-fields';

export function TaskComposer({ onAdd }: { onAdd: (task: NewTask) => void }) {
  const [expanded, setExpanded] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const moreId = useId();
  /** The title of the last submit, put back if the check refuses it. */
  const submittedTitle = useRef<string | null>(null);

  const form: Form<TaskDraft> = useForm<TaskDraft, NewTask>({
    initial: emptyDraft,
    validate: async (draft: TaskDraft) =>
      (await loadValidators())?.parseDraft(draft) ?? { ok: true, value: draftToTask(draft) },
    onInvalid: (errors) => {
      // The refused title comes back, before anything typed since.
      const refused = submittedTitle.current;
      if (refused !== null) form.update((current) => ({ title: refused + current.title }));
      if (errors.title !== undefined) titleRef.current?.focus();
      else setExpanded(true);
    },
    send: (task) => {
      onAdd(task);
      // Not the title: it was emptied at submit, and may hold the next task already.
      form.update({ description: '', priority: 'medium', due: '', tags: '' });
      titleRef.current?.focus();
      return Promise.resolve();
    },
  });
  const { values: draft, errors } = form;
  const titleErrors = errors.title ?? [];

  return (
    <form
      noValidate
      onSubmit={(event) => {
        submittedTitle.current = draft.title;
        form.onSubmit(event);
        // This render's values are what is checked and sent; the field is emptied at once so
        // what is typed while the check loads starts the next task instead of being reset away.
        form.update({ title: '' });
      }}
      aria-label="Add a task"
      className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex gap-2">
        <label htmlFor={titleId} className="sr-only">
          New task
        </label>
        <input
          id={titleId}
          ref={titleRef}
          placeholder="Add a task…"
          autoComplete="off"
          enterKeyHint="done"
          value={draft.title}
          aria-invalid={titleErrors.length > 0 || undefined}
          aria-describedby={titleErrors.length > 0 ? `${titleId}-error` : undefined}
          onChange={(event) => {
            form.update({ title: event.target.value });
            form.clearErrors();
          }}
          className={cx(inputClass, 'min-w-0 flex-1')}
        />
        <Button type="submit">Add</Button>
      </div>
      {titleErrors.length > 0 && (
        <p
          id={`${titleId}-error`}
          className="mt-1 text-sm font-medium text-red-700 dark:text-red-400"
        >
          {titleErrors.join(' ')}
        </p>
      )}
      <button
        type="button"
        aria-expanded={expanded}
        aria-controls={moreId}
        onClick={() => {
          setExpanded((open) => !open);
        }}
        className="mt-2 rounded-md px-1 text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-indigo-300"
      >
        {expanded ? 'Fewer options' : 'More options'}
      </button>
      <div id={moreId} hidden={!expanded} className="mt-3">
        <TaskFields
          draft={draft}
          errors={errors}
          onChange={(changes) => {
            form.update(changes);
          }}
        />
      </div>
    </form>
  );
}
