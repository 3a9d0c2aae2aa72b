import { describe, expect, it } from 'vitest';

import { parseDraft } from './validators';

describe('the task form validator', () => {
  it('validates with the API schemas: trims, lower-cases and de-duplicates tags', () => {
    const parsed = parseDraft({
      title: '  Plan trip ',
      description: ' ',
      priority: 'high',
      due: '2026-04-01',
      dueTime: '',
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

  it('keeps a due time when one is given', () => {
    const parsed = parseDraft({
      title: 'Call Ana',
      description: '',
      priority: 'medium',
      due: '2026-04-01',
      dueTime: '17:30',
      tags: '',
    });
    expect(parsed).toMatchObject({ ok: true, value: { dueAt: new Date(2026, 3, 1, 17, 30) } });
  });

  it('reports each bad field', () => {
    const parsed = parseDraft({
      title: '',
      description: 'x'.repeat(5001),
      priority: 'medium',
      due: '',
      dueTime: '',
      tags: 'x'.repeat(33),
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['description', 'tags', 'title']);
  });
});
