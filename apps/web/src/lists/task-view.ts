// Which tasks the tasks screen shows, kept in the URL (`?view=upcoming&list=…&status=…`), so a
// reload, Back and a shared link keep the view, the list and the filters.
import { useCallback, useSyncExternalStore } from 'react';

import {
  TASK_DUE_FILTERS,
  TASK_ORDERS,
  TASK_PRIORITIES,
  TASK_SORTS,
  TASK_STATUSES,
  DEFAULT_TASK_ORDER,
} from '@tasklane/api/contract';

import { defaultFilter, type TaskFilter } from '../tasks/task-filter';

/** Every task, the Inbox (tasks in no list), or one list by id. */
export type ListChoice = 'all' | 'inbox' | { id: string };

export interface TaskView {
  /** `tasks`: the filtered list; `upcoming`: active tasks grouped by due day. */
  view: 'tasks' | 'upcoming';
  list: ListChoice;
  filter: TaskFilter;
}

const CHANGE_EVENT = 'tasklane:task-view';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: readonly T[], text: string | null, fallback: T): T {
  return values.find((value) => value === text) ?? fallback;
}

/** The view a query string names; anything unknown falls back to the default. */
export function parseTaskView(search: string): TaskView {
  const params = new URLSearchParams(search);
  const list = params.get('list');
  const sort = oneOf(TASK_SORTS, params.get('sort'), defaultFilter.sort);
  return {
    view: params.get('view') === 'upcoming' ? 'upcoming' : 'tasks',
    list: list === 'inbox' ? 'inbox' : list !== null && UUID.test(list) ? { id: list } : 'all',
    filter: {
      status: oneOf(TASK_STATUSES, params.get('status'), defaultFilter.status),
      priority: oneOf([...TASK_PRIORITIES, 'any'], params.get('priority'), 'any'),
      due: oneOf([...TASK_DUE_FILTERS, 'any'], params.get('due'), 'any'),
      tag: params.get('tag') ?? '',
      search: params.get('q') ?? '',
      sort,
      order: oneOf(TASK_ORDERS, params.get('order'), DEFAULT_TASK_ORDER[sort]),
    },
  };
}

/** The query string of a view: only what differs from the default, so plain `/` is the default. */
export function taskViewSearch(view: TaskView): string {
  const params = new URLSearchParams();
  if (view.view === 'upcoming') params.set('view', 'upcoming');
  if (view.list === 'inbox') params.set('list', 'inbox');
  else if (view.list !== 'all') params.set('list', view.list.id);
  const { filter } = view;
  if (filter.status !== defaultFilter.status) params.set('status', filter.status);
  if (filter.priority !== 'any') params.set('priority', filter.priority);
  if (filter.due !== 'any') params.set('due', filter.due);
  if (filter.tag !== '') params.set('tag', filter.tag);
  if (filter.search !== '') params.set('q', filter.search);
  if (filter.sort !== defaultFilter.sort) params.set('sort', filter.sort);
  if (filter.order !== DEFAULT_TASK_ORDER[filter.sort]) params.set('order', filter.order);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const currentSearch = (): string => window.location.search;

/**
 * The view in the URL and a setter. A new view or list is a history entry (Back returns to the
 * previous one); a filter change replaces the entry, so typing a search does not fill history.
 */
export function useTaskView(): [TaskView, (next: TaskView, options?: { push?: boolean }) => void] {
  const search = useSyncExternalStore(subscribe, currentSearch);
  const view = parseTaskView(search);
  const setView = useCallback((next: TaskView, options: { push?: boolean } = {}) => {
    const url = `${window.location.pathname}${taskViewSearch(next)}`;
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (options.push === true) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return [view, setView];
}

export function sameList(a: ListChoice, b: ListChoice): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.id === b.id;
}

/** The `listId` input of tasks.list / tasks.stats for a choice (absent: every task). */
export function listIdInput(list: ListChoice): { listId?: string | null } {
  if (list === 'all') return {};
  return { listId: list === 'inbox' ? null : list.id };
}
