// `pnpm deploy:local up [--instances N] [--port P] | down | status | restart`: the local
// production topology (see specs/operations.md, "Local production topology").
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { createDatabase, sql } from '@tasklane/db';

import { readDeployEnv } from './env';
import { backendStats } from './haproxy-admin';
import {
  BACKEND,
  down,
  proxyUrl,
  restartInstance,
  saveState,
  up,
  type PostgresTarget,
  type TopologyState,
} from './topology';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageRoot, '..', '..');
const runDir = join(packageRoot, '.run');
const statePath = join(runDir, 'state.json');

function readState(): TopologyState | undefined {
  if (!existsSync(statePath)) return undefined;
  return JSON.parse(readFileSync(statePath, 'utf8')) as TopologyState;
}

function postgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || '5432'),
    user: decodeURIComponent(parsed.username || 'postgres'),
    database: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

/** The signing secret survives `down`/`up`, so sessions do too. */
function authSecret(): string {
  const path = join(runDir, 'auth-secret');
  if (!existsSync(path))
    writeFileSync(path, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

async function ensureDatabase(target: PostgresTarget, adminDatabase: string): Promise<void> {
  const admin = createDatabase({
    url: `postgres://${encodeURIComponent(target.user)}@${target.host}:${target.port}/${adminDatabase}`,
  });
  try {
    const found = await sql<{ exists: boolean }>`
      select exists (select 1 from pg_database where datname = ${target.database}) as exists
    `.execute(admin.db);
    if (found.rows[0]?.exists !== true) {
      await sql`create database ${sql.id(target.database)}`.execute(admin.db);
    }
  } finally {
    await admin.destroy();
  }
}

async function commandUp(instances: number, port: number): Promise<void> {
  const running = readState();
  if (running?.haproxy !== undefined) {
    console.log(`already up at ${proxyUrl(running.config)}; run \`pnpm deploy:local down\` first`);
    return;
  }
  const env = readDeployEnv();
  const postgres = postgresTarget(env.postgresUrl);
  console.log('deploy:local: building the production bundle (cached when unchanged)');
  execFileSync('pnpm', ['build'], { cwd: repoRoot, stdio: 'inherit' });
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  await ensureDatabase(postgres, env.adminDatabase);
  const state = await up({
    runDir,
    instancePorts: Array.from({ length: instances }, (_value, index) => port + 1 + index),
    proxyPort: port,
    pgbouncerPort: port + 100,
    postgres,
    authSecret: authSecret(),
    directConnection: true,
  });
  saveState(state);
  console.log(`deploy:local: ${instances} instances behind HAProxy at ${proxyUrl(state.config)}`);
  console.log(`deploy:local: PgBouncer (transaction mode) on 127.0.0.1:${port + 100}`);
  console.log(`deploy:local: configs and logs in ${runDir}`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      instances: { type: 'string', default: '3' },
      port: { type: 'string', default: '8080' },
    },
  });
  const command = positionals[0] ?? 'status';
  const state = readState();
  switch (command) {
    case 'up': {
      await commandUp(Number(values.instances), Number(values.port));
      return;
    }
    case 'down': {
      if (state === undefined) {
        console.log('deploy:local: nothing is running');
        return;
      }
      await down(state);
      saveState(state);
      console.log('deploy:local: stopped HAProxy, the instances and PgBouncer');
      return;
    }
    case 'restart': {
      if (state?.haproxy === undefined) throw new Error('not up');
      for (const index of state.instances.keys()) {
        await restartInstance(state, index);
        saveState(state);
        console.log(`deploy:local: restarted instance ${index + 1}`);
      }
      return;
    }
    case 'status': {
      if (state?.haproxy === undefined) {
        console.log('deploy:local: down');
        return;
      }
      const stats = await backendStats(join(runDir, 'haproxy.sock'), BACKEND);
      console.log(`deploy:local: up at ${proxyUrl(state.config)}`);
      for (const stat of stats)
        console.log(`  ${stat.name}  ${stat.status}  ${stat.current} in flight`);
      return;
    }
    default:
      throw new Error(`unknown command "${command}"; use up | down | restart | status`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`deploy:local: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
