import { describe, expect, it } from 'vitest';

import { noRecurrence } from '../tasks/recurrence-draft';
import { parseDraft } from './validators';

describe('the task form validator', () => {
  it('validates with the API schemas: trims, lower-cases and de-duplicates tags', () => {
    const parsed = parseDraft(
      {
        title: '  Plan trip ',
        description: ' ',
        priority: 'high',
        due: '2026-04-01',
        dueTime: '',
        tags: 'Travel, travel , summer,',
        recurrence: noRecurrence,
      },
      'UTC',
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        title: 'Plan trip',
        description: '',
        priority: 'high',
        dueAt: new Date('2026-04-01T23:59:59.999Z'),
        tags: ['travel', 'summer'],
        recurrence: null,
      },
    });
  });

  it('keeps a due time when one is given, in the zone given', () => {
    const parsed = parseDraft(
      {
        title: 'Call Ana',
        description: '',
        priority: 'medium',
        due: '2026-04-01',
        dueTime: '17:30',
        tags: '',
        recurrence: noRecurrence,
      },
      'Europe/Paris',
    );
    // Paris is UTC+2 in April.
    expect(parsed).toMatchObject({ ok: true, value: { dueAt: new Date('2026-04-01T15:30:00Z') } });
  });

  it('reports each bad field', () => {
    const parsed = parseDraft(
      {
        title: '',
        description: 'x'.repeat(5001),
        priority: 'medium',
        due: '',
        dueTime: '',
        tags: 'x'.repeat(33),
        recurrence: noRecurrence,
      },
      'UTC',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['description', 'tags', 'title']);
  });

  it('reads the recurrence picker: every weekday, monthly on the last day until a date', () => {
    const base = {
      title: 'Stand-up',
      description: '',
      priority: 'medium' as const,
      due: '2026-04-01',
      dueTime: '09:00',
      tags: '',
    };
    expect(
      parseDraft({ ...base, recurrence: { ...noRecurrence, repeat: 'weekdays' } }, 'UTC'),
    ).toMatchObject({
      ok: true,
      value: {
        recurrence: { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      },
    });
    expect(
      parseDraft(
        {
          ...base,
          recurrence: {
            ...noRecurrence,
            repeat: 'monthly',
            interval: '2',
            monthDay: 'last',
            end: 'until',
            until: '2026-12-31',
          },
        },
        'Europe/Paris',
      ),
    ).toMatchObject({
      ok: true,
      value: {
        recurrence: {
          freq: 'monthly',
          interval: 2,
          byMonthDay: [-1],
          // The end of that day in the account's zone (Paris is UTC+1 in December).
          until: new Date('2026-12-31T22:59:59.999Z'),
        },
      },
    });
  });

  it('refuses a repeat without a due date, and an interval that is not a whole number', () => {
    const base = { title: 'Water plants', description: '', priority: 'medium' as const, tags: '' };
    expect(
      parseDraft(
        {
          ...base,
          due: '',
          dueTime: '',
          recurrence: { ...noRecurrence, repeat: 'daily' },
        },
        'UTC',
      ),
    ).toEqual({ ok: false, errors: { recurrence: ['A repeating task needs a due date.'] } });
    const parsed = parseDraft(
      {
        ...base,
        due: '2026-04-01',
        dueTime: '',
        recurrence: { ...noRecurrence, repeat: 'daily', interval: 'two' },
      },
      'UTC',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors)).toEqual(['recurrence']);
  });
});
