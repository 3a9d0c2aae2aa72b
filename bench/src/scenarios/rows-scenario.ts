// The same 50-row list on a 100,000-row and a 1,000,000-row database: the page should cost the
// same whatever the table's size.
import { alternate, type Variant } from '../alternate';
import { summarize } from '../report';
import { queryPath } from '../trpc-http';
import { atMost } from './goals';
import { formatRatio, getLoad, type BenchContext, type ScenarioOutcome } from './scenario';

const ROWS_RATE = 100;
const ROWS_CONNECTIONS = 8;

export async function rowsScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const large = ctx.tasklaneLarge;
  const scenario = `tasks.list at 100k vs 1M rows, ${ROWS_RATE} req/s`;
  if (large === undefined) {
    return {
      rows: [
        {
          scenario,
          variant: 'Tasklane at 1,000,000 rows',
          unavailable: 'not run: pass --large (or --rows 1m)',
          rounds: 0,
          unit: 'req/s',
          rate: null,
          p50Ms: null,
          p99Ms: null,
          cpuMsPerCall: null,
          dbCpuMsPerCall: null,
          rssPeakMb: null,
          non2xx: 0,
        },
      ],
      goals: [
        {
          goal: 'list latency at 1M rows vs 100k rows',
          target: '<= 1.2x',
          measured: 'not run (needs --large)',
          met: null,
        },
      ],
      notes: [],
    };
  }
  const path = queryPath('tasks.list', {});
  // At a fixed, moderate rate the latency is the page's cost rather than queueing for a
  // saturated CPU, which at 32 connections would hide any difference the table size makes.
  const load = (origin: string) => ({
    ...getLoad(origin, path, ROWS_CONNECTIONS),
    overallRate: ROWS_RATE,
  });
  const variants: Variant[] = [
    {
      label: 'Tasklane at 1,000,000 rows',
      target: large,
      spec: load(large.origin),
    },
    {
      label: 'Tasklane at 100,000 rows',
      target: ctx.tasklane,
      spec: load(ctx.tasklane.origin),
    },
  ];
  ctx.log('rows: tasks.list at 1M vs 100k rows');
  const [big, small] = await alternate(ctx, variants);
  if (big === undefined || small === undefined) throw new Error('rows lost a variant');
  const bigRow = summarize(scenario, big, { reference: small });
  const smallRow = summarize(scenario, small);
  const p50Ratio = bigRow.p50Ratio?.median;
  return {
    rows: [bigRow, smallRow],
    goals: [
      {
        goal: `list latency at 1M rows vs 100k rows (p50 at ${ROWS_RATE} req/s)`,
        target: '<= 1.2x',
        measured: `p50 ${formatRatio(p50Ratio)}, p99 ${formatRatio(bigRow.p99Ratio?.median)}; database CPU per call ${formatRatio(
          bigRow.dbCpuMsPerCall !== null && smallRow.dbCpuMsPerCall !== null
            ? bigRow.dbCpuMsPerCall / smallRow.dbCpuMsPerCall
            : null,
        )}`,
        met: atMost(p50Ratio, 1.2),
      },
    ],
    notes: [],
  };
}
