// tasks.create and auth.me against the baseline's hand-written equivalents.
import { alternate, type Variant } from '../alternate';
import type { LoadSpec } from '../load/load-spec';
import { summarize } from '../report';
import { mutationPath, queryPath } from '../trpc-http';
import { comparedVariant, getLoad, type BenchContext, type ScenarioOutcome } from './scenario';

const CONNECTIONS = 32;

function createLoad(origin: string, path: string, envelope: 'superjson' | 'plain'): LoadSpec {
  return {
    ...getLoad(origin, path, CONNECTIONS),
    method: 'POST',
    body: { kind: 'create-task', envelope },
  };
}

export async function createScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const variants: Variant[] = [
    {
      label: 'Tasklane tasks.create (tRPC)',
      target: ctx.tasklane,
      spec: createLoad(ctx.tasklane.origin, mutationPath('tasks.create'), 'superjson'),
    },
    {
      label: 'baseline: jose + session check + insert',
      target: ctx.baseline,
      spec: createLoad(ctx.baseline.origin, '/tasks', 'plain'),
    },
    ...comparedVariant(ctx, 'Tasklane tasks.create (tRPC)', (origin) =>
      createLoad(origin, mutationPath('tasks.create'), 'superjson'),
    ),
  ];
  ctx.log('create: tasks.create vs the baseline, 32 connections');
  const [tasklane, baseline, compared] = await alternate(ctx, variants);
  if (tasklane === undefined || baseline === undefined) throw new Error('create lost a variant');
  return {
    rows: [
      summarize('tasks.create, c=32', tasklane, { reference: baseline }),
      summarize('tasks.create, c=32', baseline),
      ...(compared === undefined
        ? []
        : [summarize('tasks.create, c=32', compared, { reference: tasklane })]),
    ],
    goals: [],
    notes: [],
  };
}

export async function meScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const variants: Variant[] = [
    {
      label: 'Tasklane auth.me (tRPC)',
      target: ctx.tasklane,
      spec: getLoad(ctx.tasklane.origin, queryPath('auth.me', undefined), CONNECTIONS),
    },
    {
      label: 'baseline: jose + session check + user row',
      target: ctx.baseline,
      spec: getLoad(ctx.baseline.origin, '/me', CONNECTIONS),
    },
  ];
  ctx.log('me: auth.me vs the baseline, 32 connections');
  const [tasklane, baseline] = await alternate(ctx, variants);
  if (tasklane === undefined || baseline === undefined) throw new Error('me lost a variant');
  return {
    rows: [
      summarize('auth.me, c=32', tasklane, { reference: baseline }),
      summarize('auth.me, c=32', baseline),
    ],
    goals: [],
    notes: [],
  };
}
