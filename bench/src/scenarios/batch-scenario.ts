// A 10-call httpBatchLink batch against the same 10 calls made one after another by one client.
import { alternate, type Variant } from '../alternate';
import { summarize } from '../report';
import { batchPath, queryPath } from '../trpc-http';
import { atLeast } from './goals';
import { formatSpread, getLoad, type BenchContext, type ScenarioOutcome } from './scenario';

const CALLS = 10;
/** A small page, as a screen that loads several lists at once would ask for. */
const CALL = { procedure: 'tasks.list', input: { limit: 10 } };

export async function batchScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const variants: Variant[] = [
    {
      label: `${CALLS} calls in one batch request`,
      target: ctx.tasklane,
      spec: getLoad(ctx.tasklane.origin, batchPath(Array.from({ length: CALLS }, () => CALL)), 1),
      callsPerRequest: CALLS,
    },
    {
      label: `${CALLS} sequential requests`,
      target: ctx.tasklane,
      spec: getLoad(ctx.tasklane.origin, queryPath(CALL.procedure, CALL.input), 1),
    },
  ];
  ctx.log('batch: a 10-call batch vs 10 sequential calls, one client');
  const [batch, sequential] = await alternate(ctx, variants);
  if (batch === undefined || sequential === undefined) throw new Error('batch lost a variant');
  const scenario = 'tasks.list({limit:10}) ×10, c=1';
  const batchRow = {
    ...summarize(scenario, batch, { reference: sequential, unit: 'calls/s' }),
    note: 'latency is per batch request',
  };
  return {
    rows: [batchRow, summarize(scenario, sequential, { unit: 'calls/s' })],
    goals: [
      {
        goal: '10-call batch vs 10 sequential calls (calls/s)',
        target: '>= 2x',
        measured: formatSpread(batchRow.rateRatio),
        met: atLeast(batchRow.rateRatio?.median, 2),
      },
    ],
    notes: [],
  };
}
