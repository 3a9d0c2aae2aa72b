import { describe, expect, it } from 'vitest';

import { makeTask } from '../test/make-task';
import { parseDraft } from '../validation/validators';
import { changedFields, draftFromTask } from './task-draft';

describe('an edit', () => {
  it('sends only the fields an edit changed', () => {
    const task = makeTask({
      title: 'Same',
      tags: ['a'],
      // The end of 1 April in Auckland (UTC+13).
      dueAt: new Date('2026-04-01T10:59:59.999Z'),
    });
    const draft = { ...draftFromTask(task, 'Pacific/Auckland'), priority: 'high' as const };
    expect(draft).toMatchObject({ due: '2026-04-01', dueTime: '' });
    const parsed = parseDraft(draft, 'Pacific/Auckland');
    if (!parsed.ok) throw new Error('expected a valid draft');
    expect(changedFields(task, parsed.value)).toEqual({ priority: 'high' });
  });
});
