// What every scenario gets and gives back.
import type { RoundPlan, Variant } from '../alternate';
import type { BenchEnv } from '../env';
import type { LoadSpec } from '../load/load-spec';
import type { MeasureDeps, Target } from '../measure';
import type { BenchOptions } from '../options';
import type { GoalResult, ReportRow } from '../report';
import type { Spread } from '../stats';

export interface BenchContext {
  env: BenchEnv;
  options: BenchOptions;
  deps: MeasureDeps;
  plan: RoundPlan;
  tasklane: Target;
  baseline: Target;
  /** Tasklane on the 1,000,000-row database (with --large). */
  tasklaneLarge: Target | undefined;
  /** The `--compare-entry` build on the same database, measured beside `tasklane`. */
  tasklaneCompare: Target | undefined;
  databaseName: string;
  databaseUrl: string;
  serverEntry: string;
  log: (message: string) => void;
}

export interface ScenarioOutcome {
  rows: ReportRow[];
  goals: GoalResult[];
  notes: string[];
}

/** The `--compare-entry` build under the same load as `tasklane`, when there is one. */
export function comparedVariant(
  ctx: BenchContext,
  label: string,
  load: (origin: string) => LoadSpec,
): Variant[] {
  const compared = ctx.tasklaneCompare;
  if (compared === undefined) return [];
  return [{ label: `${label}, compared build`, target: compared, spec: load(compared.origin) }];
}

export function getLoad(origin: string, path: string, connections: number): LoadSpec {
  return {
    origin,
    method: 'GET',
    path,
    body: { kind: 'none' },
    auth: true,
    forwardedFor: false,
    connections,
    durationSeconds: 1,
  };
}

export function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value.toFixed(1)} ms`;
}

export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : `${value.toFixed(2)}x`;
}

/** "0.62x (rounds 0.55x–0.70x)", or "–" when there is no figure. */
export function formatSpread(value: Spread | undefined): string {
  if (value === undefined || Number.isNaN(value.median)) return '–';
  return `${formatRatio(value.median)} (rounds ${formatRatio(value.min)}–${formatRatio(value.max)})`;
}
