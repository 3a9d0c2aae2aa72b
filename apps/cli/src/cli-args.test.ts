import { describe, expect, it } from 'vitest';

import { parseCliArgs } from './cli-args';
import { UsageError } from './cli-errors';

describe('parseCliArgs', () => {
  it('parses each command with its own options, wherever the global ones stand', () => {
    expect(parseCliArgs(['--url', 'http://h:1', 'ls', '--all', '--json'])).toMatchObject({
      command: 'ls',
      status: 'all',
      global: { url: 'http://h:1', json: true },
    });
    expect(parseCliArgs(['ls', '--done', '-s', 'report'])).toMatchObject({
      status: 'completed',
      search: 'report',
    });
    expect(
      parseCliArgs(['add', '--tag', 'a', 'Buy milk', '-t', 'b', '--due=2026-12-01']),
    ).toMatchObject({ command: 'add', title: 'Buy milk', tags: ['a', 'b'], due: '2026-12-01' });
    expect(parseCliArgs(['add', 'Buy milk'])).toMatchObject({ literal: false });
    expect(parseCliArgs(['add', '--literal', 'Read 1984 tomorrow'])).toMatchObject({
      title: 'Read 1984 tomorrow',
      literal: true,
    });
    expect(parseCliArgs(['add', '-l', 'x'])).toMatchObject({ literal: true });
    expect(parseCliArgs(['done', '3f2a'])).toMatchObject({ command: 'done', idPrefix: '3f2a' });
    expect(parseCliArgs(['login', '--email', 'a@example.com'])).toMatchObject({
      email: 'a@example.com',
      password: false,
    });
    expect(parseCliArgs(['login'])).toMatchObject({ email: undefined, password: false });
    expect(parseCliArgs(['login', '--password'])).toMatchObject({ password: true });
    expect(parseCliArgs(['ls', '--list', 'Home'])).toMatchObject({ list: 'Home' });
    expect(parseCliArgs(['ls', '--inbox'])).toMatchObject({ list: null });
    expect(parseCliArgs(['ls'])).toMatchObject({ list: undefined });
    expect(parseCliArgs(['add', '--list', 'Home', 'Sweep'])).toMatchObject({ list: 'Home' });
    expect(parseCliArgs(['lists'])).toMatchObject({ command: 'lists', action: { kind: 'show' } });
    expect(parseCliArgs(['lists', 'create', 'Home', '--color', 'red'])).toMatchObject({
      action: { kind: 'create', name: 'Home', color: 'red' },
    });
    expect(parseCliArgs(['lists', 'rename', 'Home', 'House'])).toMatchObject({
      action: { kind: 'rename', name: 'Home', newName: 'House', color: undefined },
    });
    expect(parseCliArgs(['lists', 'delete', 'Home', '--tasks', 'delete'])).toMatchObject({
      action: { kind: 'delete', name: 'Home', tasks: 'delete' },
    });
    for (const argv of [
      ['lists', 'delete', 'Home'],
      ['lists', 'delete', 'Home', '--tasks', 'keep'],
      ['lists', 'create'],
      ['lists', 'rename', 'Home'],
      ['lists', 'drop', 'Home'],
      ['ls', '--list', 'Home', '--inbox'],
    ]) {
      expect(() => parseCliArgs(argv), argv.join(' ')).toThrow(UsageError);
    }
    expect(parseCliArgs([])).toMatchObject({ command: undefined });
    expect(parseCliArgs(['rm', '--help'])).toMatchObject({
      command: undefined,
      global: { help: true },
    });
  });

  it('refuses options of other commands, unknown commands and missing or extra arguments', () => {
    const wrong = [
      ['login', '--all'],
      ['ls', '--tag', 'x'],
      ['frob'],
      ['done'],
      ['rm', 'a', 'b'],
      ['add'],
      ['ls', '--all', '--done'],
      ['ls', '--search'],
    ];
    for (const argv of wrong) expect(() => parseCliArgs(argv), argv.join(' ')).toThrow(UsageError);
  });
});
