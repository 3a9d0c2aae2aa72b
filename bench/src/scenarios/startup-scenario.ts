// Production start to ready on PostgreSQL: spawn of `node dist/main.js` to the first 200 from
// /readyz, on the already migrated database (a restart or a new instance).
import { startTasklane } from '../servers';
import { median } from '../stats';
import { atMost } from './goals';
import type { BenchContext, ScenarioOutcome } from './scenario';

export async function startupScenario(
  ctx: BenchContext,
  coldStartMs: number,
): Promise<ScenarioOutcome> {
  const starts = ctx.options.quick ? 2 : 5;
  ctx.log(`startup: ${starts} starts of the production server on the migrated database`);
  const times: number[] = [];
  for (let i = 0; i < starts; i++) {
    const server = await startTasklane({
      entry: ctx.serverEntry,
      databaseUrl: ctx.databaseUrl,
      path: ctx.env.path,
      name: 'tasklane (startup)',
    });
    times.push(server.readyMs);
    await server.stop();
  }
  const typical = median(times);
  return {
    rows: [],
    goals: [
      {
        goal: 'production start to ready on PostgreSQL (spawn → /readyz 200)',
        target: '<= 2000 ms',
        measured: `median ${typical.toFixed(0)} ms over ${starts} starts (${times.map((t) => t.toFixed(0)).join(', ')}); first start on an empty database with migrations ${coldStartMs.toFixed(0)} ms`,
        met: atMost(typical, 2000),
      },
    ],
    notes: [],
  };
}
