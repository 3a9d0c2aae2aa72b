import { describe, expect, it } from 'vitest';

import type { TaskListInput } from '@tasklane/api/client';

import { makeTask } from '../test/make-task';
import { compareInList } from './task-order';

const sorted = (input: TaskListInput, ...tasks: ReturnType<typeof makeTask>[]) =>
  [...tasks].sort((a, b) => compareInList(a, b, input)).map((task) => task.title);

describe('the order tasks.list uses', () => {
  it('puts tasks without a due date last in both orders', () => {
    const soon = makeTask({ title: 'soon', dueAt: new Date('2026-03-02T09:00:00Z') });
    const later = makeTask({ title: 'later', dueAt: new Date('2026-03-09T09:00:00Z') });
    const never = makeTask({ title: 'never', dueAt: null });
    expect(sorted({ sort: 'due', order: 'asc' }, never, later, soon)).toEqual([
      'soon',
      'later',
      'never',
    ]);
    expect(sorted({ sort: 'due', order: 'desc' }, never, soon, later)).toEqual([
      'later',
      'soon',
      'never',
    ]);
  });

  it('ranks priority high to low by default, newest first within a rank', () => {
    const old = makeTask({ title: 'old high', priority: 'high' });
    const recent = makeTask({
      title: 'recent high',
      priority: 'high',
      createdAt: new Date('2026-03-05T09:00:00Z'),
    });
    const low = makeTask({ title: 'low', priority: 'low' });
    expect(sorted({ sort: 'priority' }, low, old, recent)).toEqual([
      'recent high',
      'old high',
      'low',
    ]);
  });

  it('breaks ties by id, as the server’s keyset does', () => {
    const first = makeTask({ title: 'Same' });
    const second = makeTask({ title: 'same' });
    expect(compareInList(first, second, { sort: 'title', order: 'asc' })).toBeLessThan(0);
    expect(compareInList(first, second, { sort: 'title', order: 'desc' })).toBeGreaterThan(0);
  });
});
