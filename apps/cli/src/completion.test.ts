import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { COMMAND_NAMES } from './command-specs';
import type { CliEnv } from './env';
import { runCli } from './run';
import { testIo } from './testing/test-io';

const env: CliEnv = {
  url: undefined,
  password: undefined,
  configHome: '/nonexistent',
  debug: false,
  path: undefined,
  graphical: false,
};

async function script(shell: string): Promise<string> {
  const io = testIo();
  expect(await runCli(['completion', shell], env, io)).toBe(0);
  return io.stdout.text;
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashCompletes(source: string, words: string[]): string[] {
  const program = [
    source,
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_tasklane',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter((line) => line !== '');
}

describe('tasklane completion', () => {
  it('completes commands, their options and option values in bash', async () => {
    const source = await script('bash');
    expect(bashCompletes(source, ['tasklane', ''])).toEqual(
      expect.arrayContaining([...COMMAND_NAMES, '--url', '--help']),
    );
    expect(bashCompletes(source, ['tasklane', 'l'])).toEqual(['login', 'logout', 'ls', 'lists']);
    expect(bashCompletes(source, ['tasklane', 'w'])).toEqual(['watch']);
    expect(bashCompletes(source, ['tasklane', '--url', 'http://h', 'a'])).toEqual(['add']);
    expect(bashCompletes(source, ['tasklane', 'ls', '--a'])).toEqual(['--all']);
    expect(bashCompletes(source, ['tasklane', 'add', 'Buy milk', '--priority', 'h'])).toEqual([
      'high',
    ]);
    expect(bashCompletes(source, ['tasklane', 'add', '-p', ''])).toEqual(['low', 'medium', 'high']);
    expect(bashCompletes(source, ['tasklane', 'completion', 'z'])).toEqual(['zsh']);
    expect(bashCompletes(source, ['tasklane', 'login', '--'])).not.toContain('--all');
  });

  it('prints zsh and fish scripts that know every command', async () => {
    const zsh = await script('zsh');
    expect(zsh).toMatch(/^#compdef tasklane\n/);
    expect(zsh).toContain('compdef _tasklane tasklane');
    const fish = await script('fish');
    for (const name of COMMAND_NAMES) {
      expect(zsh).toContain(`    ${name}) compadd -- `);
      expect(fish).toContain(`-n __fish_use_subcommand -a ${name} -d `);
    }
    expect(fish).toContain(
      "complete -c tasklane -n '__fish_seen_subcommand_from add' -l priority -s p -r -a 'low medium high'",
    );
    for (const shell of ['zsh', 'fish']) {
      const check = spawnSync(shell, ['-n'], { input: shell === 'zsh' ? zsh : fish });
      // Where the shell is installed, its own parser must accept the script.
      if (check.error === undefined) expect(check.status, `${shell} -n`).toBe(0);
    }
  });

  it('refuses an unknown shell', async () => {
    const io = testIo();
    expect(await runCli(['completion', 'tcsh'], env, io)).toBe(2);
    expect(io.stderr.text).toBe(
      'tasklane: tasklane completion knows bash, zsh and fish, not "tcsh".\n',
    );
  });
});
