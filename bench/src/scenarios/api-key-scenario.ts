// tasks.list with an API key against the same call with an access token, on the same server in
// the same rounds (issue 15: a key should cost no more than 5%). Each request is a random seeded
// user's, each with its own key, so the per-key limit (600 a minute) is never reached.
import { alternate, probe, type Variant, type VariantRuns } from '../alternate';
import { summarize } from '../report';
import { atLeast } from './goals';
import { tasklaneListPath, LIST_CONNECTIONS } from './list-scenario';
import { formatSpread, getLoad, type BenchContext, type ScenarioOutcome } from './scenario';

/** "200:1234 429:5 | 200:1300" : each round's answers by HTTP status. */
function statusesByRound(runs: VariantRuns): string {
  return runs.runs
    .map(({ load }) =>
      Object.entries(load.statusCounts)
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, count]) => `${status}×${String(count)}`)
        .join(' '),
    )
    .map((text) => (text === '' ? 'none' : text))
    .join(' | ');
}

export async function apiKeyScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const withToken = getLoad(ctx.tasklane.origin, tasklaneListPath, LIST_CONNECTIONS);
  const withKey = { ...withToken, auth: 'apiKey' as const };
  const check = await probe(ctx.tasklane, withKey, 0);
  if (check.status !== 200) {
    throw new Error(`Tasklane refused the bench's API key: ${check.body.slice(0, 300)}`);
  }
  const variants: Variant[] = [
    { label: 'tasks.list with an access token', target: ctx.tasklane, spec: withToken },
    { label: 'tasks.list with an API key', target: ctx.tasklane, spec: withKey },
  ];
  ctx.log('keys: tasks.list with an API key vs an access token, 32 connections');
  const [token, key] = await alternate(ctx, variants);
  if (token === undefined || key === undefined) throw new Error('keys scenario lost a variant');
  const rows = [
    summarize('tasks.list 50 rows, c=32', token),
    summarize('tasks.list 50 rows, c=32', key, { reference: token }),
  ];
  const keyRow = rows[1];
  return {
    rows,
    goals: [
      {
        goal: 'tasks.list req/s with an API key vs an access token, c=32',
        target: '>= 0.95x',
        measured: formatSpread(keyRow?.rateRatio),
        met: atLeast(keyRow?.rateRatio?.median, 0.95),
      },
      {
        goal: 'tasks.list p99 with an API key vs an access token, c=32',
        target: 'for reference',
        measured: formatSpread(keyRow?.p99Ratio),
        met: null,
      },
    ],
    notes: [
      `Answers other than 2xx by round, access token: ${statusesByRound(token)}; API key: ${statusesByRound(key)}.`,
      'Each key is checked against a per-process cache invalidated like sessions; its 600-a-minute limit is counted in rate_limits 30 units at a time, and lastUsedAt is written in the background, at most once a minute per key.',
    ],
  };
}
