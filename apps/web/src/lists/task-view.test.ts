import { describe, expect, it } from 'vitest';

import { defaultFilter } from '../tasks/task-filter';
import { listIdInput, parseTaskView, taskViewSearch } from './task-view';

const id = '3f2a9c1e-0000-4000-8000-000000000000';

describe('the task view in the URL', () => {
  it('is empty for the default and round-trips a view, a list and filters', () => {
    expect(taskViewSearch({ view: 'tasks', list: 'all', filter: defaultFilter })).toBe('');
    const view = {
      view: 'upcoming' as const,
      list: { id },
      filter: { ...defaultFilter, status: 'active' as const, tag: 'home', search: 'milk & eggs' },
    };
    const search = taskViewSearch(view);
    expect(search).toContain('view=upcoming');
    expect(parseTaskView(search)).toEqual(view);
    expect(parseTaskView('?list=inbox').list).toBe('inbox');
  });

  it('falls back to the default for anything it does not know', () => {
    expect(parseTaskView('?view=calendar&list=nope&status=maybe&sort=size')).toEqual({
      view: 'tasks',
      list: 'all',
      filter: defaultFilter,
    });
  });

  it('gives the listId input: a list, null for the Inbox, nothing for every task', () => {
    expect(listIdInput({ id })).toEqual({ listId: id });
    expect(listIdInput('inbox')).toEqual({ listId: null });
    expect(listIdInput('all')).toEqual({});
  });
});
