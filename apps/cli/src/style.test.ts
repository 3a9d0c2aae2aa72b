import { WriteStream } from 'node:tty';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Task } from '@tasklane/api/client';

import { styleFor } from './style';
import { formatTaskTable } from './task-format';
import { CapturedOutput } from './testing/test-io';

/** A stream that says what a colour terminal says, so Node's own checks decide. */
function terminal(): CapturedOutput {
  const stream = new CapturedOutput();
  return Object.assign(stream, {
    isTTY: true,
    getColorDepth: (env?: object) => WriteStream.prototype.getColorDepth.call(stream, env),
  });
}

const task: Task = {
  id: '3f2a9c1e-0000-4000-8000-000000000000',
  title: 'Renew the certificate',
  description: '',
  completed: false,
  completedAt: null,
  priority: 'high',
  dueAt: new Date('2026-01-01T17:00:00Z'),
  tags: ['ops'],
  version: 1,
  listId: null,
  createdAt: new Date('2025-12-01T00:00:00Z'),
  updatedAt: new Date('2025-12-01T00:00:00Z'),
  recurrence: null,
};

afterEach(() => {
  vi.unstubAllEnvs();
});

function setColourEnv(values: { NO_COLOR?: string; TERM: string }): void {
  vi.stubEnv('FORCE_COLOR', undefined);
  // Node takes `CI` (set by our CI) without a known CI service's name for a 2-colour terminal.
  vi.stubEnv('CI', undefined);
  vi.stubEnv('NO_COLOR', values.NO_COLOR);
  vi.stubEnv('TERM', values.TERM);
}

describe('colour', () => {
  const at = { now: new Date('2026-06-01T00:00:00Z'), timeZone: 'UTC' };
  const plainStyle = styleFor(new CapturedOutput());
  const ESC = '\u001b[';

  it('colours a task list on a colour terminal', () => {
    setColourEnv({ TERM: 'xterm-256color' });
    const table = formatTaskTable([task], styleFor(terminal()), at);
    expect(table).toContain(`${ESC}31mhigh`);
    expect(table).toContain(`${ESC}36m#ops`);
  });

  it('writes plain text with NO_COLOR, to a pipe, and on a dumb terminal', () => {
    const plain = formatTaskTable([task], plainStyle, at);
    setColourEnv({ TERM: 'xterm-256color', NO_COLOR: '1' });
    expect(formatTaskTable([task], styleFor(terminal()), at)).toBe(plain);
    setColourEnv({ TERM: 'xterm-256color' });
    expect(formatTaskTable([task], styleFor(new CapturedOutput()), at)).toBe(plain);
    setColourEnv({ TERM: 'dumb' });
    expect(formatTaskTable([task], styleFor(terminal()), at)).toBe(plain);
    expect(plain).not.toContain(ESC);
  });

  it('lines up the columns whether coloured or not', () => {
    setColourEnv({ TERM: 'xterm-256color' });
    const other = { ...task, id: 'b7000000-0000-4000-8000-000000000000', priority: 'low' as const };
    const coloured = formatTaskTable([task, other], styleFor(terminal()), at);
    const plain = formatTaskTable([task, other], plainStyle, at);
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
