// The task as every client sees it, and the one place a database row becomes one.
import type { TaskRow } from '@tasklane/db';

import type { Recurrence } from '../recurrence/recurrence-schemas';
import { recurrenceOf } from '../recurrence/recurrence-storage';

/** The columns a task procedure reads; never user_id, which the caller already is. */
export const TASK_COLUMNS = [
  'id',
  'title',
  'description',
  'completed',
  'priority',
  'due_at',
  'tags',
  'created_at',
  'updated_at',
  'completed_at',
  'version',
  'list_id',
  'recurrence',
] as const satisfies readonly (keyof TaskRow)[];

export type TaskRecord = Pick<TaskRow, (typeof TASK_COLUMNS)[number]>;

export interface Task {
  id: TaskRow['id'];
  title: TaskRow['title'];
  description: TaskRow['description'];
  completed: TaskRow['completed'];
  priority: TaskRow['priority'];
  dueAt: TaskRow['due_at'];
  tags: TaskRow['tags'];
  createdAt: TaskRow['created_at'];
  updatedAt: TaskRow['updated_at'];
  completedAt: TaskRow['completed_at'];
  version: TaskRow['version'];
  /** The list holding the task; null is the Inbox. */
  listId: TaskRow['list_id'];
  /** How the task repeats; null for a one-off. Completing advances `dueAt` to the next occurrence. */
  recurrence: Recurrence | null;
}

export function toTask(row: TaskRecord): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    priority: row.priority,
    dueAt: row.due_at,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    version: row.version,
    listId: row.list_id,
    recurrence: recurrenceOf(row.recurrence),
  };
}
