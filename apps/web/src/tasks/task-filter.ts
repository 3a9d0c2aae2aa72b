// What the task list shows: the filter controls' state, and the `tasks.list` input it becomes.
import {
  DEFAULT_TASK_ORDER,
  type TaskDueFilter,
  type TaskOrder,
  type TaskSort,
  type TaskStatusFilter,
} from '@tasklane/api/contract';

import type { TaskPriority as Priority } from '@tasklane/api/contract';
import type { Task, TaskListInput } from '@tasklane/api/client';

import { sameDay } from './due-dates';

export interface TaskFilter {
  status: TaskStatusFilter;
  priority: Priority | 'any';
  due: TaskDueFilter | 'any';
  tag: string;
  search: string;
  sort: TaskSort;
  order: TaskOrder;
}

export const defaultFilter: TaskFilter = {
  status: 'all',
  priority: 'any',
  due: 'any',
  tag: '',
  search: '',
  sort: 'created',
  order: DEFAULT_TASK_ORDER.created,
};

export const PAGE_SIZE = 30;

/** The list input for a filter; empty controls are left out so equal lists share a cache entry. */
export function listInput(filter: TaskFilter, timeZone: string): TaskListInput {
  const search = filter.search.trim();
  const tag = filter.tag.trim().toLowerCase();
  return {
    status: filter.status,
    sort: filter.sort,
    order: filter.order,
    limit: PAGE_SIZE,
    timeZone,
    ...(filter.priority === 'any' ? {} : { priority: filter.priority }),
    ...(filter.due === 'any' ? {} : { due: filter.due }),
    ...(tag === '' ? {} : { tag }),
    ...(search === '' ? {} : { search }),
  };
}

export function isFiltered(filter: TaskFilter): boolean {
  return (
    filter.status !== 'all' ||
    filter.priority !== 'any' ||
    filter.due !== 'any' ||
    filter.tag.trim() !== '' ||
    filter.search.trim() !== ''
  );
}

/**
 * Whether a task still belongs in a list after a local change (completing it under "Active",
 * changing its priority under a priority filter). Search is left to the server's next answer.
 */
export function stillMatches(task: Task, input: TaskListInput, now: Date): boolean {
  if (input.status === 'active' && task.completed) return false;
  if (input.status === 'completed' && !task.completed) return false;
  if (input.priority !== undefined && task.priority !== input.priority) return false;
  if (input.tag !== undefined && !task.tags.includes(input.tag)) return false;
  if (input.listId !== undefined && task.listId !== input.listId) return false;
  switch (input.due) {
    case undefined:
    case 'week':
      return true;
    case 'none':
      return task.dueAt === null;
    case 'overdue':
      return task.dueAt !== null && !task.completed && task.dueAt.getTime() < now.getTime();
    case 'today':
      // The web always sends its zone (the account's); without one the server uses the account's.
      return task.dueAt !== null && sameDay(task.dueAt, now, input.timeZone ?? 'UTC');
  }
}

/** Whether every word of the list's search is in the task's title or description, as the server matches. */
export function matchesSearch(task: Task, input: TaskListInput): boolean {
  const text = `${task.title}\n${task.description}`.toLowerCase();
  const words = (input.search ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return words.every((word) => text.includes(word));
}

/** Whether a task the server has not listed yet (a create on its way) belongs in a list. */
export function belongsIn(task: Task, input: TaskListInput, now: Date): boolean {
  return stillMatches(task, input, now) && matchesSearch(task, input);
}
