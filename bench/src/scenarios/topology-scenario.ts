// `--topology`: the production topology of deploy/local (PgBouncer in transaction mode, three
// built instances, HAProxy) measured beside the single instance on a direct connection, so each
// layer's cost is a ratio against the layer below it, taken round by round on the same database.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  BACKEND,
  down,
  instanceName,
  proxyUrl,
  setInstanceState,
  up,
  type TopologyState,
} from '@tasklane/deploy-local';
import { freePort } from '@tasklane/server/testing';

import { alternate, type Variant } from '../alternate';
import type { LoadSpec } from '../load/load-spec';
import type { Target } from '../measure';
import { summarize } from '../report';
import { BENCH_AUTH_SECRET } from '../servers';
import { mutationPath } from '../trpc-http';
import { tasklaneListPath } from './list-scenario';
import { getLoad, type BenchContext, type ScenarioOutcome } from './scenario';

const INSTANCES = 3;
const CONNECTIONS = 32;

interface Layer {
  label: string;
  target: Target;
  /** Puts the proxy's instances in the state this layer is measured in. */
  prepare?: () => Promise<void>;
}

type LoadFor = (origin: string) => LoadSpec;

const listLoad: LoadFor = (origin) => getLoad(origin, tasklaneListPath, CONNECTIONS);
const createLoad: LoadFor = (origin) => ({
  ...getLoad(origin, mutationPath('tasks.create'), CONNECTIONS),
  method: 'POST',
  body: { kind: 'create-task', envelope: 'superjson' },
});

async function startTopology(ctx: BenchContext): Promise<TopologyState> {
  const ports = await Promise.all(Array.from({ length: INSTANCES + 2 }, () => freePort()));
  const [proxyPort = 0, pgbouncerPort = 0, ...instancePorts] = ports;
  const database = new URL(ctx.databaseUrl);
  return up({
    runDir: mkdtempSync(join(tmpdir(), 'tasklane-bench-topology-')),
    instancePorts,
    proxyPort,
    pgbouncerPort,
    postgres: {
      host: database.hostname,
      port: Number(database.port || 5432),
      user: decodeURIComponent(database.username),
      database: ctx.databaseName,
    },
    authSecret: BENCH_AUTH_SECRET,
    directConnection: true,
  });
}

/** The layers, each measured against the one before it: the order of the table. */
function layers(ctx: BenchContext, state: TopologyState): Layer[] {
  const { config } = state;
  const instancePids = state.instances.filter((pid): pid is number => pid !== undefined);
  const [firstPid] = instancePids;
  if (firstPid === undefined || instancePids.length !== INSTANCES) {
    throw new Error('the topology did not start every instance');
  }
  const onlyFirst = async () => {
    for (let index = 0; index < INSTANCES; index++) {
      await setInstanceState(state, index, index === 0 ? 'ready' : 'maint');
    }
  };
  const all = async () => {
    for (let index = 0; index < INSTANCES; index++) {
      await setInstanceState(state, index, 'ready');
    }
  };
  const target = (name: string, origin: string, pids: readonly number[]): Target => ({
    name,
    origin,
    pids,
    identitiesFile: ctx.tasklane.identitiesFile,
  });
  return [
    { label: '1 instance, direct PostgreSQL', target: ctx.tasklane },
    {
      label: '1 instance, PgBouncer',
      target: target(instanceName(0), `http://127.0.0.1:${String(config.instancePorts[0])}`, [
        firstPid,
      ]),
    },
    {
      label: `1 instance, PgBouncer + HAProxy (${BACKEND} has 1 up)`,
      target: target('proxy', proxyUrl(config), [firstPid]),
      prepare: onlyFirst,
    },
    {
      label: `${INSTANCES} instances, PgBouncer + HAProxy`,
      target: target('proxy', proxyUrl(config), instancePids),
      prepare: all,
    },
  ];
}

/** One procedure's load, measured through each layer of the topology in turn. */
interface LayeredLoad {
  procedure: string;
  layerList: Layer[];
  load: LoadFor;
}

async function measureLayers(
  ctx: BenchContext,
  { procedure, layerList, load }: LayeredLoad,
): Promise<ScenarioOutcome> {
  const variants: Variant[] = layerList.map((layer) => ({
    label: layer.label,
    target: layer.target,
    spec: load(layer.target.origin),
    ...(layer.prepare === undefined ? {} : { prepare: layer.prepare }),
  }));
  ctx.log(`topology: ${procedure} through each layer, ${CONNECTIONS} connections`);
  const runs = await alternate(ctx, variants);
  const scenario = `topology: ${procedure}, c=${CONNECTIONS}`;
  const [direct, pooled, proxied, scaled] = runs;
  if (direct === undefined || pooled === undefined || proxied === undefined || !scaled) {
    throw new Error('topology scenario lost a variant');
  }
  return {
    rows: [
      summarize(scenario, direct),
      { ...summarize(scenario, pooled, { reference: direct }), note: 'cost of PgBouncer' },
      { ...summarize(scenario, proxied, { reference: pooled }), note: 'cost of HAProxy' },
      {
        ...summarize(scenario, scaled, { reference: proxied }),
        note: `${INSTANCES} instances vs 1`,
      },
    ],
    goals: [],
    notes: [],
  };
}

export async function topologyScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  ctx.log(`topology: starting PgBouncer, ${INSTANCES} instances and HAProxy (deploy/local)`);
  const state = await startTopology(ctx);
  try {
    const layerList = layers(ctx, state);
    const list = await measureLayers(ctx, { procedure: 'tasks.list', layerList, load: listLoad });
    const create = await measureLayers(ctx, {
      procedure: 'tasks.create',
      layerList,
      load: createLoad,
    });
    return {
      rows: [...list.rows, ...create.rows],
      goals: [],
      notes: [
        `Topology: ${INSTANCES} instances of the same build, each with its own pool of 10 connections to PgBouncer (transaction mode, 20 server connections), LISTEN on a direct connection; HAProxy round-robin with health checks on /readyz. "1 instance" behind HAProxy puts the other instances in maintenance, so the processes are the same in both rows. CPU and RSS are summed over the instances that serve the row. On this machine's ${String(cpus().length)} cores the instances, PgBouncer, HAProxy, PostgreSQL and the load generator share the CPU, so more instances add no cores: a ratio above 1 for ${String(INSTANCES)} instances means they took a larger share of a CPU that other programs were using too, not scale-out.`,
      ],
    };
  } finally {
    await down(state);
    rmSync(state.config.runDir, { recursive: true, force: true });
  }
}
