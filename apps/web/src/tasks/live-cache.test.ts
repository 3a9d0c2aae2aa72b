import { describe, expect, it } from 'vitest';

import type { TaskPage } from '@tasklane/api/client';

import { makeTask } from '../test/make-task';
import { applyLiveEvent, replayOnPage, upsertLive } from './live-cache';
import { flattenPages, type TaskListData } from './task-cache';
import { defaultFilter, listInput } from './task-filter';

const now = new Date(2026, 2, 10, 15, 0, 0);
const input = listInput(defaultFilter, 'Europe/Paris');
const byTitle = listInput({ ...defaultFilter, sort: 'title', order: 'asc' }, 'Europe/Paris');

function pages(...lists: TaskPage['items'][]): TaskListData {
  return {
    pages: lists.map((items, index) => ({
      items,
      nextCursor: index < lists.length - 1 ? String(index) : null,
    })),
    pageParams: lists.map((_, index) => (index === 0 ? null : String(index - 1))),
  };
}

const titles = (data: TaskListData) => flattenPages(data).map((task) => task.title);
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, minutes));

describe('live events on cached lists', () => {
  it('never replaces a task with an older or equal version', () => {
    const mine = makeTask({ title: 'Mine, version 3', version: 3 });
    const data = pages([mine]);
    expect(upsertLive(data, { ...mine, title: 'Older', version: 2 }, { input, now })).toBe(data);
    expect(upsertLive(data, { ...mine, title: 'Same', version: 3 }, { input, now })).toBe(data);
    const newer = upsertLive(data, { ...mine, title: 'Newer', version: 4 }, { input, now });
    expect(titles(newer)).toEqual(['Newer']);
  });

  it('puts a new task where the server would list it', () => {
    const older = makeTask({ title: 'Older', createdAt: at(1) });
    const newest = makeTask({ title: 'Newest', createdAt: at(3) });
    const middle = makeTask({ title: 'Middle', createdAt: at(2) });
    const data = upsertLive(pages([newest, older]), middle, { input, now });
    expect(titles(data)).toEqual(['Newest', 'Middle', 'Older']);

    const alphabetical = upsertLive(
      pages([makeTask({ title: 'apple' }), makeTask({ title: 'Cherry' })]),
      makeTask({ title: 'banana' }),
      { input: byTitle, now },
    );
    expect(titles(alphabetical)).toEqual(['apple', 'banana', 'Cherry']);
  });

  it('moves a task whose sort key changed, and leaves one past the loaded pages for later', () => {
    const a = makeTask({ title: 'a' });
    const b = makeTask({ title: 'b' });
    const c = makeTask({ title: 'c' });
    const renamed = upsertLive(
      pages([a, b, c]),
      { ...a, title: 'd', version: 2 },
      {
        input: byTitle,
        now,
      },
    );
    expect(titles(renamed)).toEqual(['b', 'c', 'd']);

    // More pages follow the loaded one: a task sorting after it arrives with "Load more".
    const partial = upsertLive(pages([a, b], [c]), makeTask({ title: 'z' }), {
      input: byTitle,
      now,
    });
    expect(titles(partial)).toEqual(['a', 'b', 'c', 'z']);
    const firstOnly = { ...pages([a, b]), pages: [{ items: [a, b], nextCursor: 'more' }] };
    expect(upsertLive(firstOnly, makeTask({ title: 'z' }), { input: byTitle, now })).toBe(
      firstOnly,
    );
  });

  it('takes a task out of a list it no longer belongs in, and deletes', () => {
    const task = makeTask({ title: 'Stretch' });
    const active = { ...input, status: 'active' as const };
    const completed = { ...task, completed: true, completedAt: now, version: 2 };
    expect(titles(upsertLive(pages([task]), completed, { input: active, now }))).toEqual([]);
    expect(upsertLive(pages([]), completed, { input: active, now })).toEqual(pages([]));
    expect(
      titles(applyLiveEvent(pages([task]), { type: 'delete', id: task.id }, { input, now })),
    ).toEqual([]);
  });

  it('replays the events that arrived while a page was on its way', () => {
    const kept = makeTask({ title: 'Kept', createdAt: at(1) });
    const deleted = makeTask({ title: 'Deleted meanwhile', createdAt: at(2) });
    const added = makeTask({ title: 'Added meanwhile', createdAt: at(3) });
    const fetched: TaskPage = { items: [deleted, kept], nextCursor: null };
    const page = replayOnPage(
      fetched,
      [
        { type: 'delete', id: deleted.id },
        { type: 'upsert', task: added },
        { type: 'upsert', task: { ...kept, title: 'Kept, renamed', version: 2 } },
      ],
      { input, now },
    );
    expect(page.items.map((task) => task.title)).toEqual(['Added meanwhile', 'Kept, renamed']);
  });
});
