// Starts the servers under test as child processes and times them from spawn to ready.
import { spawn } from 'node:child_process';

import { freePort } from '@tasklane/server/testing';

export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  readonly origin: string;
  /** Milliseconds from spawn to the first 200 from the ready path. */
  readonly readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Arguments of `node`, given the port the process must listen on. */
  args: (port: number) => string[];
  env: Record<string, string>;
  cwd: string;
  /** Polled every 10 ms until it answers 200. */
  readyPath: string;
  timeoutMs?: number;
  port?: number;
}

const MAX_OUTPUT = 64 * 1024;

export async function startProcess(options: StartOptions): Promise<RunningProcess> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, options.args(port), {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} did not start`);

  const deadline = started + (options.timeoutMs ?? 60_000);
  let readyMs: number | undefined;
  while (readyMs === undefined) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${options.name} exited (${String(child.exitCode)}) before ready:\n${output}`,
      );
    }
    try {
      const response = await fetch(`${origin}${options.readyPath}`);
      await response.arrayBuffer();
      if (response.ok) readyMs = performance.now() - started;
    } catch {
      // not listening yet
    }
    if (readyMs === undefined) {
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} was not ready in time:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  return {
    name: options.name,
    pid,
    origin,
    readyMs,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
