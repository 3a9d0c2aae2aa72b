// The task form's fields as typed (validated by parseDraft in validation/validators.ts), and what
// an edit changed.
import type { TaskPriority as Priority } from '@tasklane/api/contract';
import type { Task } from '@tasklane/api/client';

import { dueAtFromInput, inputFromDueAt, timeInputFromDueAt } from './due-dates';
import type { NewTask, TaskChanges } from './task-actions';
import {
  noRecurrence,
  recurrenceDraftFrom,
  recurrenceFromDraft,
  sameRecurrence,
  type RecurrenceDraft,
} from './recurrence-draft';
import { formatTags, parseTags } from './tags';

export interface TaskDraft {
  title: string;
  description: string;
  priority: Priority;
  /** `YYYY-MM-DD` or empty. */
  due: string;
  /** `HH:MM` or empty (the end of the day). */
  dueTime: string;
  /** Comma-separated. */
  tags: string;
  recurrence: RecurrenceDraft;
}

export const emptyDraft: TaskDraft = {
  title: '',
  description: '',
  priority: 'medium',
  due: '',
  dueTime: '',
  tags: '',
  recurrence: noRecurrence,
};

/** The form's fields for a task, its due date as a day and time in `timeZone`. */
export function draftFromTask(task: Task, timeZone: string): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    due: inputFromDueAt(task.dueAt, timeZone),
    dueTime: timeInputFromDueAt(task.dueAt, timeZone),
    tags: formatTags(task.tags),
    recurrence: recurrenceDraftFrom(task.recurrence, timeZone),
  };
}

/** The draft as a task without validation: only when the validators could not load. */
export function draftToTask(draft: TaskDraft, timeZone: string): NewTask {
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    priority: draft.priority,
    dueAt: dueAtFromInput(draft.due, draft.dueTime, timeZone),
    tags: parseTags(draft.tags),
    recurrence: recurrenceFromDraft(draft.recurrence, timeZone),
  };
}

const sameInstant = (a: Date | null, b: Date | null): boolean =>
  a === null || b === null ? a === b : a.getTime() === b.getTime();

/** Only the fields that differ, so an edit sends (and conflicts on) what the person changed. */
export function changedFields(task: Task, next: NewTask): TaskChanges {
  const changes: TaskChanges = {};
  if (next.title !== task.title) changes.title = next.title;
  if (next.description !== task.description) changes.description = next.description;
  if (next.priority !== task.priority) changes.priority = next.priority;
  if (!sameInstant(next.dueAt, task.dueAt)) changes.dueAt = next.dueAt;
  if (next.tags.join('\u0000') !== task.tags.join('\u0000')) changes.tags = next.tags;
  const recurrence = next.recurrence ?? null;
  if (!sameRecurrence(recurrence, task.recurrence)) changes.recurrence = recurrence;
  return changes;
}
