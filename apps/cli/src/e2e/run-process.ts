// Runs a command as a child process with its own environment, feeding stdin, capturing output.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: {
    cwd?: string;
    env: Record<string, string | undefined>;
    stdin?: string;
    timeoutMs?: number;
  },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

export interface RunningCommand {
  stdout(): string;
  stderr(): string;
  /** Resolves once `predicate` holds for the output so far; rejects if the process exits first. */
  until(predicate: (stdout: string) => boolean): Promise<void>;
  /** Sends a signal (SIGINT is what Ctrl-C sends) and resolves with how the process ended. */
  stop(signal: NodeJS.Signals): Promise<ProcessResult>;
  /** How the process ended, once it has. */
  exited: Promise<ProcessResult>;
}

/** Starts a command that runs until stopped (`tasklane watch`), reading its output as it comes. */
export function startCommand(
  command: string,
  args: readonly string[],
  options: { env: Record<string, string | undefined> },
): RunningCommand {
  const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let changed: () => void = () => undefined;
  let done = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    changed();
  });
  const exited = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      done = true;
      changed();
      resolve({ code, stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    async until(predicate) {
      for (;;) {
        if (predicate(stdout)) return;
        if (done) throw new Error(`the command exited first:\n${stdout}\n${stderr}`);
        await new Promise<void>((resolve) => {
          changed = resolve;
        });
      }
    },
    async stop(signal) {
      if (!done) child.kill(signal);
      return exited;
    },
    exited,
  };
}
