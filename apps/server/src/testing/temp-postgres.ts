// A throwaway PostgreSQL cluster (initdb + pg_ctl in a temp folder, on a free port) that fault
// tests may stop, crash and restart, so the shared server on :5432 is never touched.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createDatabase, sql } from '@tasklane/db';

import { freePort } from './spawn-server';

const run = promisify(execFile);

export interface TempPostgres {
  /** Connection string of the cluster's `postgres` database, as user `postgres` (trust). */
  readonly url: string;
  readonly port: number;
  /** Starts the stopped cluster again (crash recovery runs after an immediate stop). */
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate` is a crash: no checkpoint, clients cut mid-query. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Kills every client backend (pg_terminate_backend) except the one asking; returns how many. */
  terminateConnections(): Promise<number>;
  /** Stops the cluster if it runs and deletes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

/** PostgreSQL refuses to run as root; as root, its tools run as the `postgres` OS user. */
const runsAsRoot = process.getuid?.() === 0;

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions.find((name) => existsSync(join(root, name, 'bin', 'pg_ctl')));
  if (version === undefined) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, version, 'bin');
}

function pgCommand(tool: string, args: string[]): [string, string[]] {
  const path = join(binDir(), tool);
  return runsAsRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function pgTool(tool: string, args: string[]): Promise<void> {
  const [file, argv] = pgCommand(tool, args);
  await run(file, argv, { timeout: 60_000 });
}

async function ownerIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (!runsAsRoot) return undefined;
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startTempPostgres(): Promise<TempPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'tasklane-pg-'));
  const owner = await ownerIds();
  if (owner !== undefined) chownSync(root, owner.uid, owner.gid);
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  // fsync=off only matters if the machine itself crashes; the tests crash PostgreSQL, not the OS.
  const serverOptions = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c shared_buffers=16MB',
    '-c max_connections=50',
  ].join(' ');
  const start = () =>
    pgTool('pg_ctl', [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-o',
      serverOptions,
    ]);
  const running = () => existsSync(join(dataDir, 'postmaster.pid'));

  try {
    await pgTool('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await start();
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`could not start a temporary PostgreSQL cluster:\n${log}`, { cause: error });
  }

  let destroyed = false;
  // A test run that ends without calling destroy (a crash, an interrupted run) must not leave a
  // PostgreSQL server running: stop it synchronously as the process exits.
  const stopOnExit = (): void => {
    if (destroyed) return;
    try {
      if (running())
        execFileSync(...pgCommand('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate']));
    } catch {
      // best effort: the process is exiting
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  return {
    url,
    port,
    start,
    async stop(mode = 'immediate') {
      if (running()) await pgTool('pg_ctl', ['stop', '-w', '-t', '30', '-D', dataDir, '-m', mode]);
    },
    async terminateConnections() {
      const admin = createDatabase({ url, pool: { max: 1, connectionTimeoutMillis: 3000 } });
      try {
        const result = await sql<{ terminated: boolean }>`
          select pg_terminate_backend(pid) as terminated from pg_stat_activity
          where pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(admin.db);
        return result.rows.filter((row) => row.terminated).length;
      } finally {
        await admin.destroy();
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', stopOnExit);
      try {
        if (running())
          await pgTool('pg_ctl', ['stop', '-w', '-t', '30', '-D', dataDir, '-m', 'immediate']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
