import { describe, expect, it } from 'vitest';

import { makeTask } from '../test/make-task';
import type { TaskPage } from '../trpc/api-types';
import { parseDraft } from '../validation/validators';
import { dueAtFromInput, dueStatus, formatDue, inputFromDueAt } from './due-dates';
import {
  applyChanges,
  flattenPages,
  prependTask,
  replaceTask,
  type TaskListData,
} from './task-cache';
import { changedFields, draftFromTask } from './task-draft';
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

describe('due dates', () => {
  it('stores a picked day as its last local instant, and reads it back', () => {
    const dueAt = dueAtFromInput('2026-03-10');
    expect(dueAt).toEqual(new Date(2026, 2, 10, 23, 59, 59, 999));
    expect(inputFromDueAt(dueAt)).toBe('2026-03-10');
    expect(dueAtFromInput('')).toBeNull();
    expect(dueAtFromInput('10/03/2026')).toBeNull();
  });

  it('is overdue once the instant has passed, like the server says', () => {
    const open = { completed: false };
    expect(dueStatus({ ...open, dueAt: new Date(2026, 2, 10, 23, 59) }, now)).toBe('today');
    expect(dueStatus({ ...open, dueAt: new Date(2026, 2, 10, 9, 0) }, now)).toBe('overdue');
    expect(dueStatus({ ...open, dueAt: new Date(2026, 2, 12) }, now)).toBe('upcoming');
    expect(dueStatus({ completed: true, dueAt: new Date(2026, 2, 1) }, now)).toBe('done');
    expect(dueStatus({ ...open, dueAt: null }, now)).toBe('none');
  });

  it('says today, tomorrow and yesterday in words, and a time only when one was set', () => {
    expect(formatDue(new Date(2026, 2, 10, 23, 59, 59), now)).toBe('Today');
    expect(formatDue(new Date(2026, 2, 11, 23, 59, 59), now)).toBe('Tomorrow');
    expect(formatDue(new Date(2026, 2, 9, 23, 59, 59), now)).toBe('Yesterday');
    expect(formatDue(new Date(2026, 2, 10, 9, 30), now)).toMatch(/^Today, /);
  });
});

describe('the list input', () => {
  it('leaves out empty controls and passes the time zone', () => {
    expect(listInput({ ...defaultFilter, search: '  milk ', tag: ' Home ' }, 'UTC')).toEqual({
      status: 'all',
      sort: 'created',
      order: 'desc',
      limit: 30,
      timeZone: 'UTC',
      search: 'milk',
      tag: 'home',
    });
  });
});

describe('optimistic cache edits', () => {
  it('replaces a task on whichever page holds it', () => {
    const a = makeTask();
    const b = makeTask();
    const updated = { ...b, title: 'Renamed' };
    const result = replaceTask(pages([a], [b]), updated, input, now);
    expect(flattenPages(result).map((task) => task.title)).toEqual([a.title, 'Renamed']);
  });

  it('drops a task that no longer matches the list it is in', () => {
    const task = makeTask();
    const active = { ...input, status: 'active' as const };
    const done = applyChanges(task, { completed: true }, now);
    expect(done.completedAt).toEqual(now);
    expect(flattenPages(replaceTask(pages([task]), done, active, now))).toEqual([]);
    // Lists whose filter is unknown keep it until their refetch.
    expect(flattenPages(replaceTask(pages([task]), done, null, now))).toEqual([done]);
  });

  it('adds a new task on top only where the filter would show it', () => {
    const existing = makeTask();
    const fresh = makeTask({ priority: 'low' });
    expect(flattenPages(prependTask(pages([existing]), fresh, input, now))).toEqual([
      fresh,
      existing,
    ]);
    const highOnly = { ...input, priority: 'high' as const };
    expect(flattenPages(prependTask(pages([existing]), fresh, highOnly, now))).toEqual([existing]);
  });

  it('lists a task once even if a refetch moved it onto the next page', () => {
    const a = makeTask();
    expect(flattenPages(pages([a], [a]))).toEqual([a]);
  });
});

describe('the task form', () => {
  it('validates with the API schemas: trims, lower-cases and de-duplicates tags', () => {
    const parsed = parseDraft({
      title: '  Plan trip ',
      description: ' ',
      priority: 'high',
      due: '2026-04-01',
      tags: 'Travel, travel , summer,',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        title: 'Plan trip',
        description: '',
        priority: 'high',
        dueAt: new Date(2026, 3, 1, 23, 59, 59, 999),
        tags: ['travel', 'summer'],
      },
    });
  });

  it('reports each bad field', () => {
    const parsed = parseDraft({
      title: '',
      description: 'x'.repeat(5001),
      priority: 'medium',
      due: '',
      tags: 'x'.repeat(33),
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['description', 'tags', 'title']);
  });

  it('sends only the fields an edit changed', () => {
    const task = makeTask({
      title: 'Same',
      tags: ['a'],
      dueAt: new Date(2026, 3, 1, 23, 59, 59, 999),
    });
    const draft = { ...draftFromTask(task), priority: 'high' as const };
    const parsed = parseDraft(draft);
    if (!parsed.ok) throw new Error('expected a valid draft');
    expect(changedFields(task, parsed.value)).toEqual({ priority: 'high' });
  });
});
