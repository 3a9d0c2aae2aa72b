import { describe, expect, it } from 'vitest';

import { makeTask } from '../test/make-task';
import { addDays, dayIn, groupByDay } from './day-groups';

describe('Upcoming days', () => {
  it('groups active dated tasks: Overdue, Today, Tomorrow, then each day, in the given zone', () => {
    // 23:30 UTC on 1 March is already 2 March in Tokyo.
    const now = new Date('2026-03-01T23:30:00Z');
    const zone = 'Asia/Tokyo';
    const at = (iso: string) => new Date(iso);
    const tasks = [
      makeTask({ title: 'late', dueAt: at('2026-03-01T20:00:00Z') }),
      makeTask({ title: 'today', dueAt: at('2026-03-02T03:00:00Z') }),
      makeTask({ title: 'tomorrow', dueAt: at('2026-03-03T01:00:00Z') }),
      makeTask({ title: 'in a week', dueAt: at('2026-03-09T01:00:00Z') }),
      makeTask({ title: 'too far', dueAt: at('2026-03-20T01:00:00Z') }),
      makeTask({ title: 'undated' }),
      makeTask({ title: 'done', dueAt: at('2026-03-02T03:00:00Z'), completed: true }),
    ];
    const groups = groupByDay(tasks, now, zone);
    expect(groups.map((group) => [group.heading, group.tasks.map((t) => t.title)])).toEqual([
      ['Overdue', ['late']],
      ['Today', ['today']],
      ['Tomorrow', ['tomorrow']],
      [expect.stringContaining('9') as string, ['in a week']],
    ]);
    expect(groups[3]?.key).toBe('2026-03-09');
  });

  it('counts calendar days across a daylight-saving change and a month end', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(dayIn('Europe/Paris', new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
  });
});
