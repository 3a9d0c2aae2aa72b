// Pure edits of cached task lists for the events of `tasks.changes`. A task arriving live goes
// where the server would list it (or leaves a list it no longer belongs in); a version older than
// or equal to the cached one changes nothing, so an event never undoes a newer state.
import type { Task, TaskEvent, TaskPage } from '@tasklane/api/client';

import { findTask, removeTasks, type ListView, type TaskListData } from './task-cache';
import { belongsIn } from './task-filter';
import { compareInList } from './task-order';

/** Places `task` among the loaded pages in the list's order; past the last loaded page it waits. */
function insertInOrder(data: TaskListData, task: Task, { input }: ListView): TaskListData {
  const pages = [...data.pages];
  for (const [index, page] of pages.entries()) {
    const at = page.items.findIndex((item) => compareInList(task, item, input) < 0);
    if (at === -1) continue;
    pages[index] = { ...page, items: [...page.items.slice(0, at), task, ...page.items.slice(at)] };
    return { ...data, pages };
  }
  const last = pages.at(-1);
  // Further pages exist: it belongs in one of them, and "Load more" brings it.
  if (last === undefined || last.nextCursor !== null) return data;
  pages[pages.length - 1] = { ...last, items: [...last.items, task] };
  return { ...data, pages };
}

export function upsertLive(data: TaskListData, task: Task, view: ListView): TaskListData {
  const cached = findTask(data, task.id);
  if (cached !== undefined && cached.version >= task.version) return data;
  const without = cached === undefined ? data : removeTasks(data, (item) => item.id === task.id);
  return belongsIn(task, view.input, view.now) ? insertInOrder(without, task, view) : without;
}

/** One list after an event (`reset` is the caller's: it refetches). */
export function applyLiveEvent(
  data: TaskListData,
  event: Exclude<TaskEvent, { type: 'reset' }>,
  view: ListView,
): TaskListData {
  switch (event.type) {
    case 'upsert':
      return upsertLive(data, event.task, view);
    case 'delete':
      return findTask(data, event.id) === undefined
        ? data
        : removeTasks(data, (task) => task.id === event.id);
    case 'reminder':
      // A nudge, not a change: the task screen shows it (reminder-alerts.ts).
      return data;
  }
}

/**
 * A page fetched while events arrived, with those events applied: the server read it before
 * some of them, and the cache they were applied to is about to be replaced by it.
 */
export function replayOnPage(
  page: TaskPage,
  events: readonly Exclude<TaskEvent, { type: 'reset' }>[],
  view: ListView,
): TaskPage {
  let data: TaskListData = { pages: [page], pageParams: [null] };
  for (const event of events) data = applyLiveEvent(data, event, view);
  return data.pages[0] ?? page;
}
