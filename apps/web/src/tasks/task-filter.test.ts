import { describe, expect, it } from 'vitest';

import { makeTask } from '../test/make-task';
import { belongsIn, defaultFilter, listInput, matchesSearch } from './task-filter';

const now = new Date(2026, 2, 10, 15, 0, 0);

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

describe('a task the server has not listed yet', () => {
  const input = listInput(defaultFilter, 'UTC');

  it('matches a search as the server does: every word, in the title or description, any case', () => {
    const task = makeTask({ title: 'Buy Milk', description: 'at the corner shop' });
    expect(matchesSearch(task, { ...input, search: 'milk corner' })).toBe(true);
    expect(matchesSearch(task, { ...input, search: 'milk bread' })).toBe(false);
    expect(matchesSearch(task, input)).toBe(true);
  });

  it('belongs in a list only when its filters and its search both match', () => {
    const task = makeTask({ title: 'Call the plumber', priority: 'high' });
    expect(belongsIn(task, { ...input, search: 'plumber' }, now)).toBe(true);
    expect(belongsIn(task, { ...input, search: 'milk' }, now)).toBe(false);
    expect(belongsIn(task, { ...input, priority: 'low' }, now)).toBe(false);
    expect(belongsIn(task, { ...input, status: 'completed' }, now)).toBe(false);
  });
});
