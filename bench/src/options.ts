// Command-line options of `pnpm bench`.
import { parseArgs } from 'node:util';

export const SCENARIOS = [
  'list',
  'keys',
  'create',
  'me',
  'batch',
  'rows',
  'signin',
  'flood',
  'startup',
  'topology',
  'live',
  'reminders',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * Run only when asked for (`--topology`, `--live`, `--reminders` or `--only ...`): they start more
 * processes (the topology five, live a second instance holding 1,000 streams, reminders one and
 * two instances on databases of their own).
 */
const ON_REQUEST: readonly ScenarioName[] = ['topology', 'live', 'reminders'];

export interface BenchOptions {
  quick: boolean;
  /** Also seed a 1,000,000-row database and compare the list at 100k and 1M rows. */
  large: boolean;
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  scenarios: ScenarioName[];
  /** A built server other than apps/server/dist/main.js (to measure a prototype). */
  serverEntry: string | undefined;
  build: boolean;
  keepDatabases: boolean;
  /** A second build measured beside the first in the list, create and live scenarios. */
  compareEntry: string | undefined;
  /** Write a V8 CPU profile of the main Tasklane server to bench/results/profiles/. */
  cpuProf: boolean;
}

export const USAGE = `pnpm bench [-- options]

  --quick            3 short rounds per scenario, under 2 minutes (default: 5 rounds of 8 s)
  --large            also seed 1,000,000 tasks and compare the list at 100k and 1M rows
  --topology         also measure PgBouncer, HAProxy and 3 instances (deploy/local) layer by layer
  --live             also measure live events: 1,000 streams on a second instance, fan-out latency,
                     RSS per stream, tasks.create with the streams open vs none
  --reminders        also measure reminder delivery: 10,000 due at one instant on one instance
                     and on two, lateness p50/p99 and an exactly-once check
  --rows 1m          the same as --large
  --rounds N         rounds per scenario (at least 3 for a meaningful spread)
  --duration S       seconds per measured run
  --only a,b         only these scenarios: ${SCENARIOS.join(', ')}
  --server-entry F   measure another build of the server (default apps/server/dist/main.js)
  --compare-entry F  also measure the build F beside the default one in list, create, live and reminders,
                     round by round (keep a change only when this shows it pays)
  --no-build         do not rebuild apps/server before the run
  --keep-databases   leave the tasklane_bench databases in place afterwards
  --cpu-prof         profile the Tasklane server (bench/results/profiles/*.cpuprofile) and print
                     where its busy time went, by package and by function`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` passes the separator through; it means nothing here.
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      topology: { type: 'boolean', default: false },
      live: { type: 'boolean', default: false },
      reminders: { type: 'boolean', default: false },
      rows: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      only: { type: 'string' },
      'server-entry': { type: 'string' },
      'compare-entry': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'keep-databases': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const rows = values.rows?.toLowerCase();
  if (rows !== undefined && rows !== '1m' && rows !== '100k') {
    throw new Error(`--rows must be 100k or 1m, not "${rows}"`);
  }
  const scenarios =
    values.only === undefined
      ? SCENARIOS.filter(
          (name) =>
            !ON_REQUEST.includes(name) ||
            (name === 'topology' && values.topology) ||
            (name === 'live' && values.live) ||
            (name === 'reminders' && values.reminders),
        )
      : values.only.split(',').map((name) => {
          const trimmed = name.trim();
          if (!(SCENARIOS as readonly string[]).includes(trimmed)) {
            throw new Error(`unknown scenario "${trimmed}"; known: ${SCENARIOS.join(', ')}`);
          }
          return trimmed as ScenarioName;
        });
  const quick = values.quick;
  return {
    quick,
    large: values.large || rows === '1m',
    rounds: positiveInteger(values.rounds, '--rounds') ?? (quick ? 3 : 5),
    durationSeconds: positiveInteger(values.duration, '--duration') ?? (quick ? 2 : 8),
    warmupSeconds: quick ? 1 : 2,
    scenarios,
    serverEntry: values['server-entry'],
    compareEntry: values['compare-entry'],
    build: !values['no-build'] && values['server-entry'] === undefined,
    keepDatabases: values['keep-databases'],
    cpuProf: values['cpu-prof'],
  };
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive integer`);
  return parsed;
}
