import { describe, expect, it } from 'vitest';

import { makeTask } from '../test/make-task';
import { parseDraft } from '../validation/validators';
import { changedFields, draftFromTask } from './task-draft';

describe('an edit', () => {
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
