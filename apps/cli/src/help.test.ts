import { describe, expect, it } from 'vitest';

import { parseCliArgs } from './cli-args';
import { COMMAND_NAMES, COMMANDS } from './command-specs';
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

async function run(argv: string[]) {
  const io = testIo();
  const code = await runCli(argv, env, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('help', () => {
  it('shows a command its own usage and options: tasklane add --help', async () => {
    const help = await run(['add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(
      /^Usage: tasklane add TITLE \[options\]\n\nAdd a task; the title may name its due date, #tags, !priority, \^List\.\n/,
    );
    expect(help.stdout).toContain('-l, --literal');
    expect(help.stdout).toContain('-p, --priority PRIORITY');
    expect(help.stdout).toContain('-t, --tag TAG');
    expect(help.stdout).not.toContain('--search');
    expect((await run(['-h', 'ls'])).stdout).toMatch(/^Usage: tasklane ls \[options\]/);
  });

  it('lists every command in the general help, and every option a command accepts', async () => {
    const general = await run(['--help']);
    for (const name of COMMAND_NAMES) expect(general.stdout).toContain(`\n  ${name}`);
    for (const name of COMMAND_NAMES) {
      const help = (await run([name, '--help'])).stdout;
      for (const [option, spec] of Object.entries(COMMANDS[name].options)) {
        expect(help, `${name} --help`).toContain(`--${option}`);
        // What the help shows, the parser accepts.
        const value = 'value' in spec ? ['x'] : [];
        expect(() => parseCliArgs([name, `--${option}`, ...value, 'arg'])).not.toThrow(
          /Unknown option/,
        );
      }
    }
  });

  it('points at the command help when an option is unknown', async () => {
    const wrong = await run(['ls', '--colour']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'tasklane: Unknown option --colour for tasklane ls. Run `tasklane ls --help` for the options.\n',
    );
  });
});
