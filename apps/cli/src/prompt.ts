// Asks for the email and password: at a terminal with @clack/prompts (the password masked, with
// the line editing of readline: arrow keys, Home/End, Ctrl-U, Ctrl-W), otherwise from standard
// input, so `tasklane login --email me@example.com < password-file` works.
import type { Readable, Writable } from 'node:stream';

import { isCancel, password, text } from '@clack/prompts';

import { CliError, EXIT_INTERRUPTED, UsageError } from './cli-errors';

export interface PromptIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Prompts go to stderr, so stdout stays clean for --json. */
  stderr: Writable;
}

export function isInteractive(io: PromptIo): boolean {
  return io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
}

function answered(value: string | symbol): string {
  if (isCancel(value) || typeof value !== 'string')
    throw new CliError('Cancelled.', EXIT_INTERRUPTED);
  return value;
}

export async function promptLine(question: string, io: PromptIo): Promise<string> {
  const value = await text({
    message: question,
    input: io.stdin,
    output: io.stderr,
    validate: (input) => (input === undefined || input.trim() === '' ? 'Required.' : undefined),
  });
  return answered(value).trim();
}

/** Reads a line at the terminal, showing a mask instead of what is typed. */
export async function promptHidden(question: string, io: PromptIo): Promise<string> {
  const value = await password({
    message: question,
    input: io.stdin,
    output: io.stderr,
    validate: (input) => (input === undefined || input === '' ? 'Required.' : undefined),
  });
  return answered(value);
}

/** The first line of standard input (a password piped in), without its line ending. */
export async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let received = '';
  for await (const chunk of stdin) {
    received += String(chunk);
    if (received.includes('\n')) break;
  }
  const [line = ''] = received.split(/\r?\n/);
  if (line === '') throw new UsageError('No password on standard input.');
  return line;
}
