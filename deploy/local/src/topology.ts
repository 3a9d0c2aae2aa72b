// The local production topology: PgBouncer in transaction mode in front of PostgreSQL, N server
// instances from the production build on it, and HAProxy in front of them. Used by `pnpm
// deploy:local` and by the topology suite, so what CI tests is what a person brings up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { builtServerEntry, serverRoot, startScriptNodeFlags } from '@tasklane/server/start-command';

import { backendStats, haproxyCommand } from './haproxy-admin';
import { ensureDebianPackages, programPath } from './debian-packages';
import {
  acceptsConnections,
  answersOk,
  isRunning,
  startDetached,
  stopProcess,
  tail,
  waitFor,
} from './processes';
import { readDeployEnv } from './env';
import { writeTemplate } from './templates';

export const BACKEND = 'tasklane';

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export interface TopologyConfig {
  /** Holds the configs, logs and the state file; created if missing. */
  runDir: string;
  instancePorts: readonly number[];
  proxyPort: number;
  pgbouncerPort: number;
  postgres: PostgresTarget;
  authSecret: string;
  /**
   * Gives the instances DATABASE_DIRECT_URL for LISTEN and migrations (the right setup). Off,
   * everything goes through the pooler, which the server refuses to start with.
   */
  directConnection: boolean;
  /** Extra environment for every instance. */
  instanceEnv?: Readonly<Record<string, string>>;
}

export interface TopologyState {
  config: TopologyConfig;
  pgbouncer: number | undefined;
  haproxy: number | undefined;
  /** Pid per instance, in `instancePorts` order. */
  instances: (number | undefined)[];
}

export const proxyUrl = (config: TopologyConfig) => `http://127.0.0.1:${config.proxyPort}`;
export const instanceName = (index: number) => `app${index + 1}`;
const socketPath = (config: TopologyConfig) => join(config.runDir, 'haproxy.sock');
const logPath = (config: TopologyConfig, name: string) => join(config.runDir, `${name}.log`);

function postgresUrl(target: PostgresTarget, port: number, host = target.host): string {
  return `postgres://${encodeURIComponent(target.user)}@${host}:${port}/${encodeURIComponent(target.database)}`;
}

export function pooledUrl(config: TopologyConfig): string {
  return postgresUrl(config.postgres, config.pgbouncerPort, '127.0.0.1');
}

export function directUrl(config: TopologyConfig): string {
  return postgresUrl(config.postgres, config.postgres.port);
}

function writeConfigs(config: TopologyConfig): void {
  mkdirSync(config.runDir, { recursive: true, mode: 0o700 });
  writeTemplate(config.runDir, 'userlist.txt', { user: config.postgres.user });
  writeTemplate(config.runDir, 'pgbouncer.ini', {
    database: config.postgres.database,
    postgresHost: config.postgres.host,
    postgresPort: String(config.postgres.port),
    port: String(config.pgbouncerPort),
    runDir: config.runDir,
  });
  const servers = config.instancePorts
    .map((port, index) => `  server ${instanceName(index)} 127.0.0.1:${port} check`)
    .join('\n');
  writeTemplate(config.runDir, 'haproxy.cfg', {
    port: String(config.proxyPort),
    runDir: config.runDir,
    servers,
  });
}

export async function startPgbouncer(config: TopologyConfig): Promise<number> {
  // PgBouncer refuses to run as root; it reads its files first, then becomes `postgres`.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  const pid = startDetached(
    programPath('pgbouncer'),
    [...asRoot, join(config.runDir, 'pgbouncer.ini')],
    { logFile: logPath(config, 'pgbouncer'), env: { PATH: readDeployEnv().path } },
  );
  await waitFor('PgBouncer to listen', async () => {
    if (!isRunning(pid))
      throw new Error(`PgBouncer exited:\n${tail(logPath(config, 'pgbouncer'))}`);
    return acceptsConnections(config.pgbouncerPort);
  });
  return pid;
}

export function instanceEnv(config: TopologyConfig, index: number): NodeJS.ProcessEnv {
  const origin = proxyUrl(config);
  return {
    PATH: readDeployEnv().path,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(config.instancePorts[index]),
    DATABASE_URL: pooledUrl(config),
    ...(config.directConnection ? { DATABASE_DIRECT_URL: directUrl(config) } : {}),
    AUTH_SECRET: config.authSecret,
    WEB_ORIGIN: `${origin},http://localhost:${config.proxyPort}`,
    // Mail links point at the proxy. Mails go to a local catcher on Mailpit's default port;
    // without one they wait in the outbox for their retries (override with instanceEnv).
    APP_URL: origin,
    SMTP_URL: 'smtp://127.0.0.1:1025',
    // HAProxy is the only client of the instances; it adds X-Forwarded-For.
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...config.instanceEnv,
  };
}

/** Starts instance `index` and waits until it is ready, or throws with its log. */
export async function startInstance(config: TopologyConfig, index: number): Promise<number> {
  const name = instanceName(index);
  const pid = startDetached(process.execPath, [...startScriptNodeFlags(), builtServerEntry], {
    logFile: logPath(config, name),
    env: instanceEnv(config, index),
    cwd: serverRoot,
  });
  const url = `http://127.0.0.1:${String(config.instancePorts[index])}/readyz`;
  await waitFor(
    `${name} to be ready`,
    async () => {
      if (!isRunning(pid)) throw new Error(`${name} exited:\n${tail(logPath(config, name))}`);
      return answersOk(url);
    },
    60_000,
  );
  return pid;
}

export async function startHaproxy(config: TopologyConfig): Promise<number> {
  const pid = startDetached(
    programPath('haproxy'),
    ['-db', '-f', join(config.runDir, 'haproxy.cfg')],
    {
      logFile: logPath(config, 'haproxy'),
    },
  );
  await waitFor('HAProxy to see every instance up', async () => {
    if (!isRunning(pid)) throw new Error(`HAProxy exited:\n${tail(logPath(config, 'haproxy'))}`);
    const stats = await backendStats(socketPath(config), BACKEND).catch(() => []);
    return stats.length === config.instancePorts.length && stats.every((s) => s.status === 'UP');
  });
  return pid;
}

export function saveState(state: TopologyState): void {
  writeFileSync(join(state.config.runDir, 'state.json'), JSON.stringify(state, null, 2), {
    mode: 0o600,
  });
}

/** Brings everything up in dependency order; on a failure, stops what it started. */
export async function up(config: TopologyConfig): Promise<TopologyState> {
  ensureDebianPackages(['pgbouncer', 'haproxy']);
  writeConfigs(config);
  const state: TopologyState = {
    config,
    pgbouncer: undefined,
    haproxy: undefined,
    instances: config.instancePorts.map(() => undefined),
  };
  try {
    state.pgbouncer = await startPgbouncer(config);
    saveState(state);
    // The first instance migrates alone; the others find the schema up to date.
    state.instances[0] = await startInstance(config, 0);
    saveState(state);
    const rest = await Promise.all(
      config.instancePorts.slice(1).map((_port, offset) => startInstance(config, offset + 1)),
    );
    rest.forEach((pid, offset) => (state.instances[offset + 1] = pid));
    saveState(state);
    state.haproxy = await startHaproxy(config);
    saveState(state);
    return state;
  } catch (error) {
    await down(state);
    throw error;
  }
}

/**
 * Stops the proxy first (soft stop: it finishes the requests it holds), then the instances
 * (graceful shutdown), then PgBouncer (safe shutdown: it waits for queries in flight).
 */
export async function down(state: TopologyState): Promise<void> {
  if (state.haproxy !== undefined) await stopProcess(state.haproxy, 'SIGUSR1');
  await Promise.all(
    state.instances.map(async (pid) => {
      if (pid !== undefined) await stopProcess(pid, 'SIGTERM');
    }),
  );
  if (state.pgbouncer !== undefined) await stopProcess(state.pgbouncer, 'SIGINT');
  state.haproxy = undefined;
  state.pgbouncer = undefined;
  state.instances = state.instances.map(() => undefined);
}

/** HAProxy's administrative states of an instance: serving, finishing what it holds, or out. */
export type InstanceState = 'ready' | 'drain' | 'maint';
const SHOWN_AS: Record<InstanceState, string> = { ready: 'UP', drain: 'DRAIN', maint: 'MAINT' };

/** Sets an instance's state in HAProxy and waits until HAProxy reports it. */
export async function setInstanceState(
  state: TopologyState,
  index: number,
  value: InstanceState,
): Promise<void> {
  const { config } = state;
  const name = instanceName(index);
  await haproxyCommand(socketPath(config), `set server ${BACKEND}/${name} state ${value}`);
  await waitFor(`HAProxy to see ${name} ${SHOWN_AS[value]}`, async () => {
    const stat = (await backendStats(socketPath(config), BACKEND)).find((s) => s.name === name);
    return stat?.status === SHOWN_AS[value];
  });
}

/**
 * How long a drained instance is given to finish its requests before it is stopped anyway: a live
 * event stream never finishes by itself, and the graceful shutdown ends it (its client resumes on
 * another instance from its last event id) after answering every request it still holds.
 */
const DRAIN_MS = 5_000;

/**
 * Restarts one instance without failing a request: HAProxy stops sending it new ones (drain),
 * the requests it holds finish, it shuts down gracefully, starts again, and is put back.
 */
export async function restartInstance(state: TopologyState, index: number): Promise<void> {
  const { config } = state;
  const name = instanceName(index);
  await setInstanceState(state, index, 'drain');
  const drainedBy = Date.now() + DRAIN_MS;
  for (;;) {
    const stat = (await backendStats(socketPath(config), BACKEND)).find((s) => s.name === name);
    if (stat?.current === 0 || Date.now() > drainedBy) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = state.instances[index];
  if (pid !== undefined) await stopProcess(pid, 'SIGTERM');
  state.instances[index] = await startInstance(config, index);
  await setInstanceState(state, index, 'ready');
}

/** Kills PgBouncer at once (every pooled connection cut) and starts it again. */
export async function restartPgbouncer(state: TopologyState): Promise<void> {
  if (state.pgbouncer !== undefined) await stopProcess(state.pgbouncer, 'SIGTERM');
  state.pgbouncer = await startPgbouncer(state.config);
}
