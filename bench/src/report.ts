// Turns measured rounds into table rows and the Markdown + JSON report.
import type { VariantRuns } from './alternate';
import { median, pairedRatios, spread, type Spread } from './stats';

export interface ReportRow {
  scenario: string;
  variant: string;
  /** Why there are no figures: the procedure does not exist yet, or the scenario was not run. */
  unavailable?: string;
  rounds: number;
  unit: string;
  /** Median over rounds of successful calls per second. */
  rate: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  cpuMsPerCall: number | null;
  dbCpuMsPerCall: number | null;
  rssPeakMb: number | null;
  non2xx: number;
  versus?: string;
  /** Per-round ratio of this rate to the reference's rate. */
  rateRatio?: Spread;
  /** Per-round ratios of this p50 and p99 to the reference's. */
  p50Ratio?: Spread;
  p99Ratio?: Spread;
  note?: string;
}

export interface GoalResult {
  goal: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  mode: string;
  machine: { cpus: number; node: string; postgres: string; loadAverage: number[] };
  setup: string[];
  rows: ReportRow[];
  goals: GoalResult[];
  /** The scenarios whose goals `goals` holds, in the order they ran (`--only` names). */
  goalScenarios: string[];
  notes: string[];
}

/** A row's comparison: the variant its ratio is taken against, and the unit of its rate. */
export interface SummaryBasis {
  reference?: VariantRuns | undefined;
  unit?: string;
}

export function summarize(
  scenario: string,
  entry: VariantRuns,
  { reference, unit = 'req/s' }: SummaryBasis = {},
): ReportRow {
  const calls = entry.variant.callsPerRequest ?? 1;
  const base: ReportRow = {
    scenario,
    variant: entry.variant.label,
    rounds: entry.runs.length,
    unit,
    rate: null,
    p50Ms: null,
    p99Ms: null,
    cpuMsPerCall: null,
    dbCpuMsPerCall: null,
    rssPeakMb: null,
    non2xx: 0,
  };
  if (entry.unavailable !== undefined) return { ...base, unavailable: entry.unavailable };
  const runs = entry.runs;
  const rates = runs.map((run) => run.load.okPerSecond * calls);
  const numbers = (values: (number | null)[]): number[] =>
    values.filter((value): value is number => value !== null);
  const row: ReportRow = {
    ...base,
    rate: median(rates),
    p50Ms: median(runs.map((run) => run.load.latency.p50)),
    p99Ms: median(runs.map((run) => run.load.latency.p99)),
    cpuMsPerCall: nullIfNaN(median(numbers(runs.map((run) => run.cpuMsPerRequest))) / calls),
    dbCpuMsPerCall: nullIfNaN(median(numbers(runs.map((run) => run.dbCpuMsPerRequest))) / calls),
    rssPeakMb: Math.max(...runs.map((run) => run.rssPeakMb)),
    non2xx: runs.reduce((sum, run) => sum + run.load.requests - run.load.ok, 0),
  };
  if (reference !== undefined && reference !== entry && reference.unavailable === undefined) {
    const referenceCalls = reference.variant.callsPerRequest ?? 1;
    row.versus = reference.variant.label;
    row.rateRatio = spread(
      pairedRatios(
        rates,
        reference.runs.map((run) => run.load.okPerSecond * referenceCalls),
      ),
    );
    const latencyRatio = (pick: (latency: { p50: number; p99: number }) => number): Spread =>
      spread(
        pairedRatios(
          runs.map((run) => pick(run.load.latency)),
          reference.runs.map((run) => pick(run.load.latency)),
        ),
      );
    row.p50Ratio = latencyRatio((latency) => latency.p50);
    row.p99Ratio = latencyRatio((latency) => latency.p99);
  }
  return row;
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

function ratio(value: Spread | undefined): string {
  if (value === undefined || Number.isNaN(value.median)) return '–';
  return `${value.median.toFixed(2)}x (${value.min.toFixed(2)}–${value.max.toFixed(2)})`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function rowsTable(rows: ReportRow[]): string {
  const header =
    '| scenario | variant | rate | p50 ms | p99 ms | CPU ms/call | DB CPU ms/call | RSS MB | non-2xx | vs | rate ratio (median, min–max) | p99 ratio | notes |';
  const rule = `|${' --- |'.repeat(13)}`;
  const lines = rows.map((row) => {
    if (row.unavailable !== undefined) {
      return `| ${row.scenario} | ${escapeCell(row.variant)} | not available | | | | | | | | | | ${escapeCell(row.unavailable)} |`;
    }
    return [
      '',
      row.scenario,
      escapeCell(row.variant),
      `${fixed(row.rate, 0)} ${row.unit}`,
      fixed(row.p50Ms, 1),
      fixed(row.p99Ms, 1),
      fixed(row.cpuMsPerCall, 3),
      fixed(row.dbCpuMsPerCall, 3),
      fixed(row.rssPeakMb, 0),
      String(row.non2xx),
      escapeCell(row.versus ?? ''),
      ratio(row.rateRatio),
      row.p99Ratio === undefined ? '–' : `${fixed(row.p99Ratio.median, 2)}x`,
      escapeCell(row.note ?? ''),
      '',
    ]
      .join(' | ')
      .trim();
  });
  return [header, rule, ...lines].join('\n');
}

export function goalsTable(goals: GoalResult[]): string {
  const lines = goals.map(
    (goal) =>
      `| ${escapeCell(goal.goal)} | ${escapeCell(goal.target)} | ${escapeCell(goal.measured)} | ${
        goal.met === null
          ? goal.target === 'for reference'
            ? ''
            : 'not measured'
          : goal.met
            ? 'met'
            : '**not met**'
      } |`,
  );
  return ['| goal | target | measured | |', '| --- | --- | --- | --- |', ...lines].join('\n');
}

/**
 * The goals section's heading, naming the scenarios that reported them: a run of `--only keys`
 * shows the keys scenario's goals (issue 15), not those of the first benchmark's issue.
 */
export function goalsHeading(scenarios: readonly string[]): string {
  if (scenarios.length === 0) return '## Goals';
  const names =
    scenarios.length === 1
      ? scenarios[0]
      : `${scenarios.slice(0, -1).join(', ')} and ${scenarios.at(-1) ?? ''}`;
  return `## Goals of the ${names} scenario${scenarios.length === 1 ? '' : 's'}`;
}

export function renderMarkdown(report: BenchReport): string {
  return [
    `# Tasklane benchmark (${report.mode})`,
    '',
    `${report.startedAt} → ${report.finishedAt}; ${report.machine.cpus} CPUs, Node ${report.machine.node}, ${report.machine.postgres}; load average at start ${report.machine.loadAverage.map((n) => n.toFixed(2)).join(' ')}.`,
    '',
    ...report.setup.map((line) => `- ${line}`),
    '',
    '## Results',
    '',
    'Rates are medians over rounds of successful calls per second; latencies (of 2xx answers, as the',
    "client saw them) are medians of the rounds' percentiles; CPU is the server process's (all its",
    "threads) or the PostgreSQL backends' CPU time per successful call; ratios are taken round by",
    'round against the variant named in "vs" and given as median (min–max).',
    '',
    rowsTable(report.rows),
    '',
    goalsHeading(report.goalScenarios),
    '',
    goalsTable(report.goals),
    '',
    ...(report.notes.length === 0
      ? []
      : ['## Notes', '', ...report.notes.map((n) => `- ${n}`), '']),
  ].join('\n');
}
