import { describe, expect, it } from 'vitest';

import { goalsHeading, renderMarkdown, type BenchReport } from './report';

function report(goalScenarios: string[]): BenchReport {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    mode: 'quick',
    machine: { cpus: 2, node: 'v24.0.0', postgres: 'PostgreSQL 17', loadAverage: [0, 0, 0] },
    setup: [],
    rows: [],
    goals: [{ goal: 'a goal', target: '>= 1x', measured: '1.1x', met: true }],
    goalScenarios,
    notes: [],
  };
}

describe('the report', () => {
  it('names the scenarios whose goals it shows, not one issue for every run', () => {
    expect(goalsHeading(['keys'])).toBe('## Goals of the keys scenario');
    expect(goalsHeading(['list', 'batch', 'rows'])).toBe(
      '## Goals of the list, batch and rows scenarios',
    );
    expect(goalsHeading([])).toBe('## Goals');
    const markdown = renderMarkdown(report(['reminders']));
    expect(markdown).toContain('\n## Goals of the reminders scenario\n');
    expect(markdown).not.toContain('issue 7');
  });
});
