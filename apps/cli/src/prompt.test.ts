import { PassThrough } from 'node:stream';

import { expect, it } from 'vitest';

import { EXIT_INTERRUPTED } from './cli-errors';
import { promptHidden } from './prompt';
import { CapturedOutput } from './testing/test-io';

/** A keyboard: a TTY stdin in raw mode whose keys the test types. */
function keyboard() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
  });
  const stderr = Object.assign(new CapturedOutput(), { columns: 80, rows: 24 });
  return { stdin, stderr };
}

/** Each key arrives as its own chunk, as a terminal in raw mode delivers them. */
function type(stdin: PassThrough, keys: string[]): void {
  for (const key of keys) stdin.write(key);
}

const LEFT = '\u001b[D';
const CTRL_U = '\u0015';
const ENTER = '\r';

it('edits the password with arrow keys and Ctrl-U, and never echoes it', async () => {
  const io = keyboard();
  const answer = promptHidden('Password', io);
  type(io.stdin, ['wrong', CTRL_U, 'secrt', LEFT, 'e', ENTER]);
  expect(await answer).toBe('secret');
  expect(io.stderr.text).toContain('Password');
  expect(io.stderr.text).not.toContain('secr');
  expect(io.stderr.text).not.toContain('wrong');
});

it('cancels on Ctrl-C with the shell status of an interrupted command', async () => {
  const io = keyboard();
  const answer = promptHidden('Password', io);
  type(io.stdin, ['abc', '\u0003']);
  await expect(answer).rejects.toMatchObject({
    message: 'Cancelled.',
    exitCode: EXIT_INTERRUPTED,
  });
});
