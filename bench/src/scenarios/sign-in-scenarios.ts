// Sign-in throughput (argon2id bound) and task reads at a fixed rate during a sign-in flood.
import { alternate, failureReason, probe, type Variant, type VariantRuns } from '../alternate';
import type { LoadResult, LoadSpec } from '../load/load-spec';
import { summarize, type ReportRow } from '../report';
import { median } from '../stats';
import { mutationPath, queryPath } from '../trpc-http';
import { atLeast, atMost } from './goals';
import {
  formatMs,
  formatRatio,
  getLoad,
  type BenchContext,
  type ScenarioOutcome,
} from './scenario';

const SIGN_IN_CONNECTIONS = 16;
const FLOOD_CONNECTIONS = 64;
const READ_RATE = 200;
/** Enough connections that 200 req/s is reachable even when a read takes 100 ms. */
const READ_CONNECTIONS = 20;
/** The answers that mean "refused, try later" rather than "signed in" or "failed". */
const REFUSALS = ['429', '503'];

interface SignInEndpoint {
  origin: string;
  path: string;
  envelope: 'superjson' | 'plain';
  connections: number;
}

function signInLoad({ origin, path, envelope, connections }: SignInEndpoint): LoadSpec {
  return {
    ...getLoad(origin, path, connections),
    method: 'POST',
    auth: false,
    // Many clients, each under the per-address limit: the server's own capacity is measured.
    forwardedFor: true,
    body: { kind: 'sign-in', envelope },
  };
}

function tasklaneSignIn(ctx: BenchContext, connections: number): LoadSpec {
  return signInLoad({
    origin: ctx.tasklane.origin,
    path: mutationPath('auth.signIn'),
    envelope: 'superjson',
    connections,
  });
}

/** "429: 812 (p50 2.1 ms, p99 9.8 ms)" for every status that is not a success. */
function describeStatuses(results: LoadResult[]): string {
  const statuses = new Map<string, { count: number; p50: number[]; p99: number[] }>();
  for (const result of results) {
    for (const [status, summary] of Object.entries(result.byStatus)) {
      if (status.startsWith('2')) continue;
      const entry = statuses.get(status) ?? { count: 0, p50: [], p99: [] };
      entry.count += summary.count;
      entry.p50.push(summary.p50);
      entry.p99.push(summary.p99);
      statuses.set(status, entry);
    }
  }
  const parts = [...statuses].map(
    ([status, entry]) =>
      `${status}: ${entry.count} (p50 ${formatMs(median(entry.p50))}, p99 ${formatMs(median(entry.p99))})`,
  );
  const timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
  if (timeouts > 0) parts.push(`${timeouts} timed out`);
  return parts.length === 0 ? 'no refusals' : parts.join('; ');
}

export async function signInScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const variants: Variant[] = [
    {
      label: 'Tasklane auth.signIn (tRPC)',
      target: ctx.tasklane,
      spec: tasklaneSignIn(ctx, SIGN_IN_CONNECTIONS),
    },
    {
      label: 'baseline: argon2 verify + session + JWT, no rate limits',
      target: ctx.baseline,
      spec: signInLoad({
        origin: ctx.baseline.origin,
        path: '/signin',
        envelope: 'plain',
        connections: SIGN_IN_CONNECTIONS,
      }),
    },
  ];
  ctx.log('signin: sign-in throughput, 16 connections');
  const [tasklane, baseline] = await alternate(ctx, variants);
  if (tasklane === undefined || baseline === undefined) throw new Error('signin lost a variant');
  const scenario = 'sign-in, c=16';
  const row = (entry: VariantRuns, reference?: VariantRuns): ReportRow => ({
    ...summarize(scenario, entry, { reference, unit: 'sign-ins/s' }),
    note: describeStatuses(entry.runs.map((run) => run.load)),
  });
  return { rows: [row(tasklane, baseline), row(baseline)], goals: [], notes: [] };
}

export async function floodScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const reads: LoadSpec = {
    ...getLoad(ctx.tasklane.origin, queryPath('tasks.list', {}), READ_CONNECTIONS),
    overallRate: READ_RATE,
  };
  const variants: Variant[] = [
    { label: `task reads offered at ${READ_RATE}/s, alone`, target: ctx.tasklane, spec: reads },
    {
      label: `task reads offered at ${READ_RATE}/s, during a ${FLOOD_CONNECTIONS}-connection sign-in flood`,
      target: ctx.tasklane,
      spec: reads,
      alongside: [tasklaneSignIn(ctx, FLOOD_CONNECTIONS)],
    },
  ];
  const signIn = await probe(ctx.tasklane, tasklaneSignIn(ctx, 1));
  if (signIn.status < 200 || signIn.status >= 300) {
    const reason = `no flood possible: auth.signIn ${failureReason(signIn)}`;
    return {
      rows: variants.map((variant) => ({
        ...summarize('reads during sign-in flood', { variant, runs: [] }),
        unavailable: reason,
      })),
      goals: [],
      notes: [],
    };
  }
  ctx.log('flood: task reads at 200 req/s with and without a sign-in flood');
  const [alone, flooded] = await alternate(ctx, variants);
  if (alone === undefined || flooded === undefined) throw new Error('flood lost a variant');
  const scenario = 'reads during sign-in flood';
  const floodedRow = {
    ...summarize(scenario, flooded, { reference: alone }),
    note: 'CPU per read includes the sign-ins served meanwhile',
  };
  const aloneRow = summarize(scenario, alone);
  const rows: ReportRow[] = [floodedRow, aloneRow];

  const floods = flooded.runs.map((run) => run.others[0]).filter((r) => r !== undefined);
  const goals = [
    {
      goal: `task reads during the flood keep their ${READ_RATE} req/s`,
      target: '>= 95% (190 req/s)',
      measured:
        floodedRow.rate === null
          ? '–'
          : `${floodedRow.rate.toFixed(0)} req/s (${((floodedRow.rate / READ_RATE) * 100).toFixed(0)}%)`,
      met: atLeast(floodedRow.rate, READ_RATE * 0.95),
    },
    {
      goal: 'task read p99 during the flood vs without it',
      target: '<= 2x',
      measured: `${formatRatio(floodedRow.p99Ratio?.median)} (${formatMs(floodedRow.p99Ms)} vs ${formatMs(aloneRow.p99Ms)})`,
      met: atMost(floodedRow.p99Ratio?.median, 2),
    },
  ];
  if (floods.length > 0) {
    const refused = floods.reduce(
      (sum, result) =>
        sum + REFUSALS.reduce((n, status) => n + (result.statusCounts[status] ?? 0), 0),
      0,
    );
    const refusalP99 = median(
      floods.flatMap((result) =>
        REFUSALS.map((status) => result.byStatus[status]?.p99).filter(
          (value): value is number => value !== undefined,
        ),
      ),
    );
    const timeouts = floods.reduce((sum, result) => sum + result.timeouts, 0);
    rows.push({
      scenario,
      variant: `the sign-in flood itself (${FLOOD_CONNECTIONS} connections)`,
      rounds: floods.length,
      unit: 'sign-ins/s',
      rate: median(floods.map((result) => result.okPerSecond)),
      p50Ms: median(floods.map((result) => result.latency.p50)),
      p99Ms: median(floods.map((result) => result.latency.p99)),
      cpuMsPerCall: null,
      dbCpuMsPerCall: null,
      rssPeakMb: null,
      non2xx: floods.reduce((sum, result) => sum + result.requests - result.ok, 0),
      note: describeStatuses(floods),
    });
    goals.push({
      goal: 'sign-ins beyond capacity are refused quickly (429/503), not queued',
      target: 'refusals with p99 <= 100 ms, no timeouts',
      measured:
        refused === 0
          ? 'no sign-in was refused'
          : `${refused} refused, p99 ${formatMs(refusalP99)}, ${timeouts} timed out`,
      met: refused > 0 && refusalP99 <= 100 && timeouts === 0,
    });
  }
  return { rows, goals, notes: [] };
}
