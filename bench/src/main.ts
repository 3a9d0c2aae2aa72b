// `pnpm bench`: Tasklane's production server against a hand-written Fastify + pg baseline on a
// freshly seeded PostgreSQL database, alternating the two under autocannon. Writes
// bench/results/latest.md and latest.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { probe } from './alternate';
import { BENCH_DATABASE_PREFIX, dropDatabase, recreateDatabase } from './bench-database';
import { openDatabaseProbe } from './database-probe';
import { readBenchEnv } from './env';
import { startLoadDriver } from './load/load-driver';
import type { Identities } from './load/load-spec';
import type { Target } from './measure';
import { parseBenchOptions, type ScenarioName } from './options';
import { BENCH_PASSWORD, obtainPasswordHash } from './password-hash';
import type { RunningProcess } from './processes';
import { renderMarkdown, type BenchReport } from './report';
import { createScenario, meScenario } from './scenarios/create-and-me-scenarios';
import { apiKeyScenario } from './scenarios/api-key-scenario';
import { batchScenario } from './scenarios/batch-scenario';
import { listScenario } from './scenarios/list-scenario';
import { liveScenario } from './scenarios/live-scenario';
import { reminderScenario } from './scenarios/reminder-scenario';
import { rowsScenario } from './scenarios/rows-scenario';
import type { BenchContext, ScenarioOutcome } from './scenarios/scenario';
import { floodScenario, signInScenario } from './scenarios/sign-in-scenarios';
import { startupScenario } from './scenarios/startup-scenario';
import { topologyScenario } from './scenarios/topology-scenario';
import { seedDatabase, type SeedResult } from './seed';
import { seedApiKeys } from './api-keys';
import {
  buildServer,
  BENCH_AUTH_SECRET,
  DEFAULT_SERVER_ENTRY,
  productionNodeFlags,
  REPO_ROOT,
  startBaseline,
  startTasklane,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './servers';
import { printProfiles } from './profile/print-profiles';
import { queryPath } from './trpc-http';
import { signAccessTokens } from './tokens';

const USERS = 1000;
const LARGE_USERS = 10_000;
const TASKS_PER_USER = 100;
/** Tokens outlive the longest run. */
const TOKEN_TTL_SECONDS = 4 * 3600;
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const PROFILES_DIR = join(RESULTS_DIR, 'profiles');

const options = parseBenchOptions(process.argv.slice(2));
const env = readBenchEnv();
const startedAt = new Date();
const log = (message: string): void => {
  const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4);
  console.log(`[bench ${seconds}s] ${message}`);
};

const workDir = mkdtempSync(join(tmpdir(), 'tasklane-bench-'));
const cleanups: (() => Promise<void>)[] = [];

async function writeIdentities(
  name: string,
  seeded: SeedResult,
  databaseUrl?: string,
): Promise<string> {
  const users = seeded.users.slice(0, USERS);
  const identities: Identities = {
    tokens: await signAccessTokens(users, {
      secret: BENCH_AUTH_SECRET,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ttlSeconds: TOKEN_TTL_SECONDS,
    }),
    ...(databaseUrl === undefined ? {} : { apiKeys: await seedApiKeys(databaseUrl, users) }),
    emails: users.map((user) => user.email),
    password: BENCH_PASSWORD,
  };
  const file = join(workDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(identities));
  return file;
}

function target(server: RunningProcess, identitiesFile: string): Target {
  return { name: server.name, origin: server.origin, pids: [server.pid], identitiesFile };
}

async function run(): Promise<BenchReport> {
  if (options.build) {
    log('building apps/server (node build.mjs)');
    buildServer();
  }
  const serverEntry = options.serverEntry ?? DEFAULT_SERVER_ENTRY;
  const databaseName = BENCH_DATABASE_PREFIX;
  const databaseUrl = await recreateDatabase(env.adminUrl, databaseName);
  const databases = [databaseName];
  cleanups.push(async () => {
    if (!options.keepDatabases) await dropDatabase(env.adminUrl, databaseName);
  });

  log(`starting Tasklane (${serverEntry}) on an empty database`);
  const tasklane = await startTasklane({
    entry: serverEntry,
    databaseUrl,
    path: env.path,
    nodeArgs: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`] : [],
  });
  cleanups.push(() => tasklane.stop());
  const coldStartMs = tasklane.readyMs;

  const passwordHash = await obtainPasswordHash(tasklane.origin, databaseUrl);
  log(`seeding ${USERS} users x ${TASKS_PER_USER} tasks`);
  const seeded = await seedDatabase(databaseUrl, {
    users: USERS,
    tasksPerUser: TASKS_PER_USER,
    passwordHash: passwordHash.hash,
  });
  const identitiesFile = await writeIdentities('identities', seeded, databaseUrl);

  const baseline = await startBaseline(databaseUrl, env.path);
  cleanups.push(() => baseline.stop());

  let tasklaneLarge: Target | undefined;
  let largeSeed: SeedResult | undefined;
  if (options.large && options.scenarios.includes('rows')) {
    const largeName = `${BENCH_DATABASE_PREFIX}_1m`;
    const largeUrl = await recreateDatabase(env.adminUrl, largeName);
    databases.push(largeName);
    cleanups.push(async () => {
      if (!options.keepDatabases) await dropDatabase(env.adminUrl, largeName);
    });
    const server = await startTasklane({
      entry: serverEntry,
      databaseUrl: largeUrl,
      path: env.path,
      name: 'tasklane (1M rows)',
    });
    cleanups.push(() => server.stop());
    log(`seeding ${LARGE_USERS} users x ${TASKS_PER_USER} tasks (1M rows)`);
    largeSeed = await seedDatabase(largeUrl, {
      users: LARGE_USERS,
      tasksPerUser: TASKS_PER_USER,
      passwordHash: passwordHash.hash,
    });
    tasklaneLarge = target(server, await writeIdentities('identities-1m', largeSeed));
  }

  let tasklaneCompare: Target | undefined;
  if (options.compareEntry !== undefined) {
    log(`starting the build to compare (${options.compareEntry})`);
    const server = await startTasklane({
      entry: options.compareEntry,
      databaseUrl,
      path: env.path,
      name: 'tasklane (compared build)',
    });
    cleanups.push(() => server.stop());
    tasklaneCompare = target(server, identitiesFile);
  }

  const databaseProbe = await openDatabaseProbe(env.adminUrl, databases);
  cleanups.push(() => databaseProbe.close());
  const driver = startLoadDriver();
  cleanups.push(() => driver.close());

  const ctx: BenchContext = {
    env,
    options,
    deps: { driver, probe: databaseProbe },
    plan: {
      rounds: options.rounds,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
    },
    tasklane: target(tasklane, identitiesFile),
    baseline: target(baseline, identitiesFile),
    tasklaneLarge,
    tasklaneCompare,
    databaseName,
    databaseUrl,
    serverEntry,
    log,
  };

  // Every protected procedure depends on the bench's tokens being accepted: check once, loudly.
  const me = await probe(ctx.tasklane, {
    origin: tasklane.origin,
    method: 'GET',
    path: queryPath('auth.me', undefined),
    body: { kind: 'none' },
    auth: true,
    forwardedFor: false,
    connections: 1,
    durationSeconds: 1,
  });
  if (me.status !== 200) {
    throw new Error(
      `Tasklane refused the bench's access token (auth.me): ${me.body.slice(0, 300)}`,
    );
  }

  const scenarios: Record<ScenarioName, () => Promise<ScenarioOutcome>> = {
    list: () => listScenario(ctx),
    keys: () => apiKeyScenario(ctx),
    create: () => createScenario(ctx),
    me: () => meScenario(ctx),
    batch: () => batchScenario(ctx),
    rows: () => rowsScenario(ctx),
    signin: () => signInScenario(ctx),
    flood: () => floodScenario(ctx),
    startup: () => startupScenario(ctx, coldStartMs),
    topology: () => topologyScenario(ctx),
    live: () => liveScenario(ctx),
    reminders: () => reminderScenario(ctx),
  };
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    mode: `${options.quick ? 'quick' : 'full'}${options.large ? ', large' : ''}${options.scenarios.includes('topology') ? ', topology' : ''}${options.scenarios.includes('live') ? ', live' : ''}${options.scenarios.includes('reminders') ? ', reminders' : ''}: ${options.rounds} rounds x ${options.durationSeconds} s`,
    machine: {
      cpus: cpus().length,
      node: process.version,
      postgres: await databaseProbe.serverVersion(),
      loadAverage: loadavg(),
    },
    setup: [
      `Tasklane: \`node ${[...productionNodeFlags(), serverEntry.replace(REPO_ROOT, '')].join(' ')}\` (NODE_ENV=production, LOG_LEVEL=warn) on PostgreSQL; baseline: \`bench/src/baseline\` (Fastify + jose + pg \`pool.query\`) on the same database; both with 10 pooled connections, each in its own process.`,
      `Seed: ${USERS} users x ${TASKS_PER_USER} tasks = ${seeded.tasks.toLocaleString('en')} tasks in ${seeded.seconds.toFixed(1)} s${largeSeed === undefined ? '' : `; large: ${largeSeed.tasks.toLocaleString('en')} tasks in ${largeSeed.seconds.toFixed(1)} s`}. Requests act as random seeded users with live sessions. Password hash: ${passwordHash.source}.`,
      `Load: autocannon in its own process; ${options.rounds} rounds of ${options.durationSeconds} s per variant, alternated (A B C, then C B A, every other round reversed), after a ${options.warmupSeconds} s warm-up per variant.`,
    ],
    rows: [],
    goals: [],
    goalScenarios: [],
    notes: [],
  };
  for (const name of options.scenarios) {
    const outcome = await scenarios[name]();
    report.rows.push(...outcome.rows);
    report.goals.push(...outcome.goals);
    if (outcome.goals.length > 0) report.goalScenarios.push(name);
    report.notes.push(...outcome.notes);
  }
  report.finishedAt = new Date().toISOString();
  return report;
}

try {
  const report = await run();
  const markdown = renderMarkdown(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${markdown}`);
  log(`written to bench/results/latest.md and latest.json`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: unknown) => {
      console.error('cleanup failed:', error);
    });
  }
  rmSync(workDir, { recursive: true, force: true });
  // The server writes its profile as it exits, so the summary comes after the cleanups.
  if (options.cpuProf) printProfiles(PROFILES_DIR, startedAt);
}
