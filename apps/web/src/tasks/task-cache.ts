// Pure edits of cached task lists (TanStack Query infinite data), for optimistic updates: the
// screen changes at once, and the server's answer (or a rollback) replaces the guess.
import type { InfiniteData } from '@tanstack/react-query';

import type { Task, TaskListInput, TaskPage } from '@tasklane/api/client';

import { belongsIn, stillMatches } from './task-filter';

export type TaskListData = InfiniteData<TaskPage>;

/** Which list a cached page belongs to, and the moment its "today" and "overdue" are read at. */
export interface ListView {
  input: TaskListInput;
  now: Date;
}

function mapItems(data: TaskListData, edit: (items: Task[]) => Task[]): TaskListData {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: edit(page.items) })) };
}

/** Replaces a task wherever it is listed; drops it where it no longer matches `input`. */
export function replaceTask(
  data: TaskListData,
  task: Task,
  { input, now }: { input: TaskListInput | null; now: Date },
): TaskListData {
  const keep = input === null || stillMatches(task, input, now);
  return mapItems(data, (items) =>
    items.flatMap((item) => (item.id !== task.id ? [item] : keep ? [task] : [])),
  );
}

export function removeTasks(data: TaskListData, remove: (task: Task) => boolean): TaskListData {
  return mapItems(data, (items) => items.filter((item) => !remove(item)));
}

/** Puts a new task at the top of the first page, if the list's filter would show it. */
export function prependTask(
  data: TaskListData,
  task: Task,
  { input, now }: ListView,
): TaskListData {
  if (!stillMatches(task, input, now)) return data;
  const [first, ...rest] = data.pages;
  if (first === undefined) return data;
  const items = [task, ...first.items.filter((item) => item.id !== task.id)];
  return { ...data, pages: [{ ...first, items }, ...rest] };
}

/**
 * A first page as the server sent it, with the tasks still being created that belong in it on
 * top: a list fetched while a create is on its way must not drop a task the person sees.
 */
export function withCreating(
  page: TaskPage,
  creating: readonly Task[],
  { input, now }: ListView,
): TaskPage {
  const listed = new Set(page.items.map((task) => task.id));
  const missing = creating.filter((task) => !listed.has(task.id) && belongsIn(task, input, now));
  return missing.length === 0 ? page : { ...page, items: [...missing, ...page.items] };
}

export function findTask(data: TaskListData | undefined, id: string): Task | undefined {
  for (const page of data?.pages ?? []) {
    const task = page.items.find((item) => item.id === id);
    if (task !== undefined) return task;
  }
  return undefined;
}

/** All tasks of all loaded pages, in order, without duplicates (a task can move between pages). */
export function flattenPages(data: TaskListData | undefined): Task[] {
  const seen = new Set<string>();
  const tasks: Task[] = [];
  for (const page of data?.pages ?? []) {
    for (const task of page.items) {
      if (seen.has(task.id)) continue;
      seen.add(task.id);
      tasks.push(task);
    }
  }
  return tasks;
}

/** What a local change does to a task before the server confirms it. */
export function applyChanges(
  task: Task,
  changes: Partial<
    Pick<Task, 'title' | 'description' | 'priority' | 'dueAt' | 'tags' | 'completed' | 'recurrence'>
  >,
  now: Date,
): Task {
  const next: Task = { ...task, ...changes, updatedAt: now };
  if (changes.completed !== undefined && changes.completed !== task.completed) {
    next.completedAt = changes.completed ? now : null;
  }
  return next;
}
