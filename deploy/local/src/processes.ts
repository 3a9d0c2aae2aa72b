// Starting, watching and stopping the topology's processes. They run detached, so `up` can
// return while they keep running and `down` (another process) can stop them by pid.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

export interface StartOptions {
  logFile: string;
  /** The whole environment of the process (nothing is inherited). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function startDetached(command: string, args: readonly string[], options: StartOptions) {
  const log = openSync(options.logFile, 'a', 0o600);
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env ?? {},
      cwd: options.cwd,
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; the error names what was awaited. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Sends `signal`, waits for the process to go, and kills it if it outlives `timeoutMs`. */
export async function stopProcess(
  pid: number,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 20_000,
): Promise<void> {
  if (!isRunning(pid)) return;
  process.kill(pid, signal);
  try {
    await waitFor(`process ${pid} to exit`, () => !isRunning(pid), timeoutMs);
  } catch {
    process.kill(pid, 'SIGKILL');
    await waitFor(`process ${pid} to die`, () => !isRunning(pid), 5000);
  }
}

export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export function tail(path: string, characters = 4000): string {
  try {
    return readFileSync(path, 'utf8').slice(-characters);
  } catch {
    return '';
  }
}

export async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
