// Asks for the email and password: at a terminal with a prompt (the password hidden), otherwise
// from standard input, so `tasklane login --email me@example.com < password-file` works.
import { createInterface } from 'node:readline/promises';

import { CliError, EXIT_INTERRUPTED, UsageError } from './cli-errors';

export interface PromptIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Prompts go to stderr, so stdout stays clean for --json. */
  stderr: NodeJS.WritableStream;
}

export function isInteractive(io: PromptIo): boolean {
  return io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
}

export async function promptLine(question: string, io: PromptIo): Promise<string> {
  const reader = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    return (await reader.question(question)).trim();
  } finally {
    reader.close();
  }
}

/** Reads a line at the terminal without echoing it. */
export async function promptHidden(question: string, io: PromptIo): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(question);
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const character of String(chunk)) {
        switch (character) {
          case '\r':
          case '\n':
            finish();
            resolve(value);
            return;
          case '\u0003': // Ctrl-C
          case '\u0004': // Ctrl-D
            finish();
            reject(new CliError('Cancelled.', EXIT_INTERRUPTED));
            return;
          case '\u007f': // Backspace
          case '\b':
            value = Array.from(value).slice(0, -1).join('');
            break;
          default:
            value += character;
        }
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of standard input (a password piped in), without its line ending. */
export async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const [line = ''] = text.split(/\r?\n/);
  if (line === '') throw new UsageError('No password on standard input.');
  return line;
}
