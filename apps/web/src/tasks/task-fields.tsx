// The optional fields of a task (description, priority, due date, tags, how it repeats), shared
// by the add and edit forms.
import { useId } from 'react';

import type { TaskPriority as Priority } from '@tasklane/api/contract';
import type { FieldErrors } from '@tasklane/api/client';

import { cx, inputClass } from '../ui/class-names';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import { RecurrencePicker } from './recurrence-picker';
import type { TaskDraft } from './task-draft';

export const priorityOptions: { value: Priority; label: string }[] = [
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
];

export function TaskFields({
  draft,
  errors,
  onChange,
}: {
  draft: TaskDraft;
  errors: FieldErrors;
  onChange: (changes: Partial<TaskDraft>) => void;
}) {
  const descriptionId = useId();
  const descriptionErrors = errors.description ?? [];
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <div className="flex flex-col gap-1 sm:col-span-3">
        <label
          htmlFor={descriptionId}
          className="text-sm font-medium text-slate-700 dark:text-slate-300"
        >
          Description{' '}
          <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
        </label>
        <textarea
          id={descriptionId}
          rows={3}
          value={draft.description}
          aria-invalid={descriptionErrors.length > 0 || undefined}
          onChange={(event) => {
            onChange({ description: event.target.value });
          }}
          className={cx(inputClass, 'resize-y')}
        />
        {descriptionErrors.length > 0 && (
          <p className="text-sm font-medium text-red-700 dark:text-red-400">
            {descriptionErrors.join(' ')}
          </p>
        )}
      </div>
      <SelectField
        label="Priority"
        value={draft.priority}
        options={priorityOptions}
        onValueChange={(priority) => {
          onChange({ priority });
        }}
      />
      <TextField
        label="Due date"
        type="date"
        value={draft.due}
        errors={errors.dueAt}
        onChange={(event) => {
          onChange({ due: event.target.value });
        }}
      />
      <TextField
        label="Due time"
        hint="Optional: the end of the day without one"
        type="time"
        value={draft.dueTime}
        onChange={(event) => {
          onChange({ dueTime: event.target.value });
        }}
      />
      <TextField
        label="Tags"
        hint="Separate with commas"
        autoCapitalize="none"
        value={draft.tags}
        errors={errors.tags}
        onChange={(event) => {
          onChange({ tags: event.target.value });
        }}
      />
      <RecurrencePicker
        value={draft.recurrence}
        errors={errors.recurrence}
        onChange={(changes) => {
          onChange({ recurrence: { ...draft.recurrence, ...changes } });
        }}
      />
    </div>
  );
}
