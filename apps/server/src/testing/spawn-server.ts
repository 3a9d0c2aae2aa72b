// Starts the real server as a child process (as production runs it) for tests that need a
// listening server: several instances, signals, the CLI and browser suites.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { builtServerEntry, serverRoot, startScriptNodeFlags } from '../start-command';

export interface SpawnedServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Everything the process wrote, for assertions on logs. */
  output(): string;
  /** Sends the signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnServerOptions {
  /** Extra environment; DATABASE_URL unset means the embedded database in DATA_DIR. */
  env?: Record<string, string | undefined>;
  /** Run dist/main.js (after `pnpm build`) instead of the TypeScript source. */
  useBuild?: boolean;
  port?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

export async function spawnServer(options: SpawnServerOptions = {}): Promise<SpawnedServer> {
  const port = options.port ?? (await freePort());
  const entry = options.useBuild === true ? builtServerEntry : join(serverRoot, 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist; run \`pnpm build\` first`);
  // The build runs with production's node flags (e.g. the young-generation cap), as `start` does.
  const args =
    options.useBuild === true ? [...startScriptNodeFlags(), entry] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    cwd: serverRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      AUTH_SECRET: 'test-secret-that-is-at-least-32-bytes-long!',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );

  // A test that gives up (its own timeout) must not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  // Ready or exited: no wall-clock deadline of its own. A start is slow on a busy machine (crash
  // recovery of the embedded database took over 30 s at a load average of 70); the test's own
  // timeout is the one bound, so a slow start is never mistaken for a broken one.
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
