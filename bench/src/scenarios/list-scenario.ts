// tasks.list (the default 50-row page) at 32 connections against the baseline, with and without
// the baseline's session check, plus the database transactions each request costs.
import { alternate, probe, type Variant } from '../alternate';
import type { LoadSpec } from '../load/load-spec';
import { measure, type Target } from '../measure';
import { summarize } from '../report';
import { queryPath, resultData } from '../trpc-http';
import { atLeast, atMost } from './goals';
import {
  comparedVariant,
  formatSpread,
  getLoad,
  type BenchContext,
  type ScenarioOutcome,
} from './scenario';

export const LIST_CONNECTIONS = 32;
export const tasklaneListPath = queryPath('tasks.list', {});

/** Stats of idle backends reach pg_stat_database at most 10 s late (PGSTAT_IDLE_INTERVAL). */
const STATS_SETTLE_MS = 11_000;

export async function listScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const variants: Variant[] = [
    {
      label: 'Tasklane tasks.list (tRPC)',
      target: ctx.tasklane,
      spec: getLoad(ctx.tasklane.origin, tasklaneListPath, LIST_CONNECTIONS),
    },
    {
      label: 'baseline: jose + session check + pg',
      target: ctx.baseline,
      spec: getLoad(ctx.baseline.origin, '/list', LIST_CONNECTIONS),
    },
    {
      label: 'baseline without session check',
      target: ctx.baseline,
      spec: getLoad(ctx.baseline.origin, '/list-unchecked', LIST_CONNECTIONS),
    },
    ...comparedVariant(ctx, 'Tasklane tasks.list (tRPC)', (origin) =>
      getLoad(origin, tasklaneListPath, LIST_CONNECTIONS),
    ),
  ];
  const notes: string[] = [];
  const sameRows = await compareRows(ctx);
  if (sameRows !== null) notes.push(sameRows);

  ctx.log('list: tasks.list vs the baseline, 32 connections');
  const [tasklane, baseline, unchecked, compared] = await alternate(ctx, variants);
  if (tasklane === undefined || baseline === undefined || unchecked === undefined) {
    throw new Error('list scenario lost a variant');
  }
  const rows = [
    summarize('tasks.list 50 rows, c=32', tasklane, { reference: baseline }),
    summarize('tasks.list 50 rows, c=32', baseline),
    summarize('tasks.list 50 rows, c=32', unchecked, { reference: baseline }),
    ...(compared === undefined
      ? []
      : [summarize('tasks.list 50 rows, c=32', compared, { reference: tasklane })]),
  ];
  const [tasklaneRow, , uncheckedRow] = rows;

  if (!ctx.options.quick && tasklane.unavailable === undefined) {
    ctx.log('list: database transactions per request (waits for PostgreSQL statistics)');
    const tasklaneTx = await transactionsPerRequest(ctx, ctx.tasklane, tasklaneListSpec(ctx));
    const baselineTx = await transactionsPerRequest(
      ctx,
      ctx.baseline,
      getLoad(ctx.baseline.origin, '/list', 8),
    );
    notes.push(
      `Database transactions per tasks.list request (pg_stat_database.xact_commit): Tasklane ${tasklaneTx.toFixed(2)}, baseline ${baselineTx.toFixed(2)} (session check + list; 1.00 would mean the session check costs no round trip).`,
    );
  }

  return {
    rows,
    goals: [
      {
        goal: 'tasks.list req/s vs baseline (JWT + revocation check included), c=32',
        target: '>= 0.70x',
        measured: formatSpread(tasklaneRow?.rateRatio),
        met: atLeast(tasklaneRow?.rateRatio?.median, 0.7),
      },
      {
        goal: 'tasks.list p99 vs baseline, c=32',
        target: '<= 1.5x',
        measured: formatSpread(tasklaneRow?.p99Ratio),
        met: atMost(tasklaneRow?.p99Ratio?.median, 1.5),
      },
      {
        goal: 'server RSS under the list load',
        target: '<= 250 MB',
        measured:
          tasklaneRow?.rssPeakMb === null || tasklaneRow?.rssPeakMb === undefined
            ? '–'
            : `${tasklaneRow.rssPeakMb.toFixed(0)} MB peak`,
        met: atMost(tasklaneRow?.rssPeakMb, 250),
      },
      {
        goal: 'cost of the revocation check (baseline without / with it)',
        target: 'for reference',
        measured: `${formatSpread(uncheckedRow?.rateRatio)} req/s without the check`,
        met: null,
      },
    ],
    notes,
  };
}

function tasklaneListSpec(ctx: BenchContext): LoadSpec {
  return getLoad(ctx.tasklane.origin, tasklaneListPath, LIST_CONNECTIONS);
}

/** The fairness check: both servers return the same 50 task ids, in the same order. */
async function compareRows(ctx: BenchContext): Promise<string | null> {
  const ours = await probe(ctx.tasklane, tasklaneListSpec(ctx), 0);
  const theirs = await probe(ctx.baseline, getLoad(ctx.baseline.origin, '/list', 1), 0);
  if (ours.status !== 200 || theirs.status !== 200) return null;
  const ourIds = (resultData(ours.body) as { items: { id: string }[] }).items.map((t) => t.id);
  const theirIds = (JSON.parse(theirs.body) as { items: { id: string }[] }).items.map((t) => t.id);
  const same = ourIds.length === theirIds.length && ourIds.every((id, i) => id === theirIds[i]);
  return same
    ? `Fairness check: Tasklane and the baseline return the same ${ourIds.length} tasks in the same order; response sizes ${ours.body.length} and ${theirs.body.length} bytes.`
    : `**Fairness check failed**: Tasklane returned ${ourIds.length} tasks, the baseline ${theirIds.length}, not the same rows; the baseline's SQL no longer matches tasks.list.`;
}

async function transactionsPerRequest(
  ctx: BenchContext,
  target: Target,
  spec: LoadSpec,
): Promise<number> {
  const settle = (): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));
  await settle();
  const before = await ctx.deps.probe.transactions(ctx.databaseName);
  const { load } = await measure(ctx.deps, {
    target,
    spec: { ...spec, connections: 8, durationSeconds: 2 },
  });
  await settle();
  const after = await ctx.deps.probe.transactions(ctx.databaseName);
  return load.requests === 0 ? Number.NaN : (after - before) / load.requests;
}
