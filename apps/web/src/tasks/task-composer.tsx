// The "add a task" form: a title is enough, and the title line may name its due date, tags,
// priority and list ("Pay rent tomorrow 9am #home !high ^Bills"), shown as chips as it is typed;
// more options open the other fields.
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';

import type { List } from '@tasklane/api/client';
import type { KeepLiteral, QuickAddDraft } from '@tasklane/api/quick-add';

import { Button } from '../ui/button';
import { cx, inputClass } from '../ui/class-names';
import { useForm, type Form } from '../ui/use-form';
import type { Validated } from '../validation/form-errors';
import { useTRPC } from '../trpc/trpc';
import { loadValidators } from '../validation/load-validators';
import { useAccountTimeZone } from './account-time-zone';
import { useQuickAddParser } from './load-quick-add';
import { QuickAddChips } from './quick-add-chips';
import { fieldsWithRead, keepSpan, listNamed, taskWithRead } from './quick-add-fields';
import type { NewTask } from './task-actions';
import { draftToTask, emptyDraft, type TaskDraft } from './task-draft';
import { TaskFields } from './task-fields';

const NO_LISTS: readonly List[] = [];

export function TaskComposer({ onAdd }: { onAdd: (task: NewTask) => void }) {
  const [expanded, setExpanded] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const moreId = useId();
  const chipsHintId = useId();
  const parser = useQuickAddParser();
  const trpc = useTRPC();
  // A ^Name is read only as one of the person's lists (the CLI creates a new one; here the
  // word stays in the title).
  const lists = useQuery(trpc.lists.list.queryOptions()).data ?? NO_LISTS;
  // Dates are read in the account's zone, as the server counts "today" (not the browser's).
  const timeZone = useAccountTimeZone();
  // Chips removed (or Escape) keep their words as text until the title is emptied.
  const [keep, setKeep] = useState<KeepLiteral>({});
  /** The title and kept chips of the last submit, put back if the check refuses them. */
  const submitted = useRef<{ title: string; keep: KeepLiteral } | null>(null);

  const form: Form<TaskDraft> = useForm<TaskDraft, NewTask>({
    initial: emptyDraft,
    // `read` is this render's: the check runs with the chips the person saw when they pressed
    // Enter, and what it returns is what is saved.
    validate: async (fields: TaskDraft): Promise<Validated<NewTask>> => {
      const draft = fieldsWithRead(fields, read);
      const checked = (await loadValidators())?.parseDraft(draft, timeZone) ?? {
        ok: true,
        value: draftToTask(draft, timeZone),
      };
      return checked.ok ? { ok: true, value: taskWithRead(checked.value, read, lists) } : checked;
    },
    onInvalid: (errors) => {
      // The refused title comes back, before anything typed since.
      const refused = submitted.current;
      if (refused !== null) {
        setKeep(refused.keep);
        form.update((current) => ({ title: refused.title + current.title }));
      }
      if (errors.title !== undefined) titleRef.current?.focus();
      else setExpanded(true);
    },
    send: (task) => {
      onAdd(task);
      // Not the title: it was emptied at submit, and may hold the next task already.
      form.update((current) => ({ ...emptyDraft, title: current.title }));
      titleRef.current?.focus();
      return Promise.resolve();
    },
  });
  const { values: draft, errors } = form;
  const titleErrors = errors.title ?? [];

  // "now" is when the title last changed, so the chips and what is saved agree.
  const read: QuickAddDraft | null = useMemo(() => {
    if (parser === null || draft.title.trim() === '') return null;
    const options = { now: new Date(), timeZone, keep };
    const first = parser.parseQuickAdd(draft.title, options);
    if (first.listName === null || listNamed(lists, first.listName) !== undefined) return first;
    return parser.parseQuickAdd(draft.title, { ...options, keep: { ...keep, list: true } });
  }, [parser, draft.title, keep, timeZone, lists]);
  const spans = read?.spans ?? [];

  const changeTitle = (title: string): void => {
    if (title === '') setKeep({});
    form.update({ title });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // Escape keeps the whole line as typed.
    if (event.key === 'Escape' && spans.length > 0) {
      event.preventDefault();
      setKeep({ literal: true });
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        submitted.current = { title: draft.title, keep };
        form.onSubmit(event);
        // This render's values are what is checked and sent; the field is emptied at once so
        // what is typed while the check loads starts the next task instead of being reset away.
        changeTitle('');
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
          aria-describedby={
            cx(titleErrors.length > 0 && `${titleId}-error`, spans.length > 0 && chipsHintId) ||
            undefined
          }
          onChange={(event) => {
            changeTitle(event.target.value);
            form.clearErrors();
          }}
          onKeyDown={onKeyDown}
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
      {spans.length > 0 && (
        <>
          <QuickAddChips
            spans={spans}
            onRemove={(span) => {
              setKeep(keepSpan(keep, span));
              titleRef.current?.focus();
            }}
          />
          <p id={chipsHintId} className="sr-only">
            Read from the title: {spans.map((span) => span.text).join(', ')}. Escape keeps the text
            as typed.
          </p>
        </>
      )}
      {keep.literal === true && draft.title !== '' && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Kept as typed.{' '}
          <button
            type="button"
            onClick={() => {
              setKeep({});
              titleRef.current?.focus();
            }}
            className="rounded-md px-1 font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-indigo-300"
          >
            Read dates and tags again
          </button>
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
