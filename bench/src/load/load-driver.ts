// The parent's handle on the load process: forks it once and sends it loads to run over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { LoadResult, LoadSpec, RunnerReply } from './load-spec';

export interface LoadDriver {
  readonly pid: number;
  run(identitiesFile: string, loads: LoadSpec[]): Promise<LoadResult[]>;
  close(): Promise<void>;
}

export function startLoadDriver(): LoadDriver {
  const entry = fileURLToPath(new URL('./load-process.ts', import.meta.url));
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the load process did not start');
  let nextId = 1;
  const pending = new Map<number, (reply: RunnerReply) => void>();
  child.on('message', (reply: RunnerReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  child.on('exit', (code) => {
    for (const resolve of pending.values()) {
      resolve({ id: 0, ok: false, error: `the load process exited (${String(code)})` });
    }
    pending.clear();
  });

  return {
    pid,
    async run(identitiesFile, loads) {
      const id = nextId++;
      const reply = await new Promise<RunnerReply>((resolve) => {
        pending.set(id, resolve);
        child.send({ id, identitiesFile, loads });
      });
      if (!reply.ok) throw new Error(reply.error);
      return reply.results;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
