import { describe, expect, it } from 'vitest';

import type { TaskPage } from '@tasklane/api/client';

import { makeTask } from '../test/make-task';
import {
  applyChanges,
  flattenPages,
  prependTask,
  replaceTask,
  withCreating,
  type TaskListData,
} from './task-cache';
import { defaultFilter, listInput } from './task-filter';

const now = new Date(2026, 2, 10, 15, 0, 0);
const input = listInput(defaultFilter, 'Europe/Paris');

function pages(...lists: TaskPage['items'][]): TaskListData {
  return {
    pages: lists.map((items, index) => ({
      items,
      nextCursor: index < lists.length - 1 ? String(index) : null,
    })),
    pageParams: lists.map((_, index) => (index === 0 ? null : String(index - 1))),
  };
}

describe('optimistic cache edits', () => {
  it('replaces a task on whichever page holds it', () => {
    const a = makeTask();
    const b = makeTask();
    const updated = { ...b, title: 'Renamed' };
    const result = replaceTask(pages([a], [b]), updated, { input, now });
    expect(flattenPages(result).map((task) => task.title)).toEqual([a.title, 'Renamed']);
  });

  it('drops a task that no longer matches the list it is in', () => {
    const task = makeTask();
    const active = { ...input, status: 'active' as const };
    const done = applyChanges(task, { completed: true }, now);
    expect(done.completedAt).toEqual(now);
    expect(flattenPages(replaceTask(pages([task]), done, { input: active, now }))).toEqual([]);
    // Lists whose filter is unknown keep it until their refetch.
    expect(flattenPages(replaceTask(pages([task]), done, { input: null, now }))).toEqual([done]);
  });

  it('adds a new task on top only where the filter would show it', () => {
    const existing = makeTask();
    const fresh = makeTask({ priority: 'low' });
    expect(flattenPages(prependTask(pages([existing]), fresh, { input, now }))).toEqual([
      fresh,
      existing,
    ]);
    const highOnly = { ...input, priority: 'high' as const };
    expect(flattenPages(prependTask(pages([existing]), fresh, { input: highOnly, now }))).toEqual([
      existing,
    ]);
  });

  it('lists a task once even if a refetch moved it onto the next page', () => {
    const a = makeTask();
    expect(flattenPages(pages([a], [a]))).toEqual([a]);
  });

  it('keeps tasks still being created on top of a first page fetched without them', () => {
    const listed = makeTask({ title: 'Listed' });
    const coming = makeTask({ title: 'Coming' });
    const elsewhere = makeTask({ title: 'Other words' });
    const page = { items: [listed], nextCursor: null };
    expect(withCreating(page, [coming, listed], { input, now }).items).toEqual([coming, listed]);
    const searched = { ...input, search: 'coming' };
    expect(withCreating(page, [coming, elsewhere], { input: searched, now }).items).toEqual([
      coming,
      listed,
    ]);
    expect(withCreating(page, [], { input, now })).toBe(page);
  });
});
