// Runs the variants of a scenario in alternation so every ratio compares two runs taken seconds
// apart, under the same background load of this shared machine. Every other round runs them in
// reverse (A B C, C B A, A B C ...): a variant's place in the round (after which other variant,
// how long after the warm-up) and a drift of the machine over the run then weigh on every
// variant alike instead of always on the same one.
import { readFileSync } from 'node:fs';

import type { Identities, LoadSpec } from './load/load-spec';
import { buildRequest } from './load/request-builder';
import { measure, type MeasureDeps, type Measurement, type Target } from './measure';

export interface Variant {
  label: string;
  target: Target;
  spec: LoadSpec;
  /** Loads run at the same time as `spec` (a sign-in flood beside task reads). */
  alongside?: LoadSpec[];
  /** Procedure calls answered by one request (10 for a 10-call batch). */
  callsPerRequest?: number;
  /** Runs before each of this variant's runs (sets the proxy's instances for the variant). */
  prepare?: () => Promise<void>;
  /** Runs after each of this variant's measured runs (reads what else the run cost). */
  measured?: (measurement: Measurement) => Promise<void>;
}

export interface VariantRuns {
  variant: Variant;
  runs: Measurement[];
  /** Why the variant was not measured (the procedure does not exist yet, ...). */
  unavailable?: string;
}

/** What alternating runs need from the bench: the load driver, the rounds, a progress log. */
export interface Rounds {
  deps: MeasureDeps;
  plan: RoundPlan;
  log: (message: string) => void;
}

export interface RoundPlan {
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface ProbeAnswer {
  status: number;
  body: string;
}

/** Sends one request of the load, as seeded user `user`, and returns the raw answer. */
export async function probe(target: Target, spec: LoadSpec, user = 0): Promise<ProbeAnswer> {
  const identities = JSON.parse(readFileSync(target.identitiesFile, 'utf8')) as Identities;
  const request = buildRequest(spec, identities, { user, serial: 1 });
  const response = await fetch(`${spec.origin}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, body: await response.text() };
}

/** A short reason from a failed answer: tRPC's error message when there is one. */
export function failureReason(answer: ProbeAnswer): string {
  let message = answer.body.slice(0, 120);
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    const first = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
    const error = (first as { error?: { json?: { message?: unknown } } } | null)?.error;
    if (typeof error?.json?.message === 'string') message = error.json.message;
  } catch {
    // not JSON: keep the raw start
  }
  return `HTTP ${answer.status}: ${message}`;
}

function withDuration(spec: LoadSpec, durationSeconds: number): LoadSpec {
  return { ...spec, durationSeconds };
}

export async function alternate(
  { deps, plan, log }: Rounds,
  variants: Variant[],
): Promise<VariantRuns[]> {
  const results: VariantRuns[] = [];
  for (const variant of variants) {
    await variant.prepare?.();
    const answer = await probe(variant.target, variant.spec);
    const entry: VariantRuns = { variant, runs: [] };
    if (answer.status < 200 || answer.status >= 300) entry.unavailable = failureReason(answer);
    results.push(entry);
  }
  const live = results.filter((entry) => entry.unavailable === undefined);

  const run = async (entry: VariantRuns, seconds: number): Promise<Measurement> => {
    await entry.variant.prepare?.();
    return measure(deps, {
      target: entry.variant.target,
      spec: withDuration(entry.variant.spec, seconds),
      alongside: (entry.variant.alongside ?? []).map((spec) => withDuration(spec, seconds)),
    });
  };

  for (const entry of live) {
    if (plan.warmupSeconds > 0) await run(entry, plan.warmupSeconds);
  }
  for (let round = 1; round <= plan.rounds; round++) {
    const order = round % 2 === 1 ? live : [...live].reverse();
    for (const entry of order) {
      const measurement = await run(entry, plan.durationSeconds);
      await entry.variant.measured?.(measurement);
      entry.runs.push(measurement);
      const calls = entry.variant.callsPerRequest ?? 1;
      log(
        `  round ${round}/${plan.rounds} ${entry.variant.label}: ` +
          `${(measurement.load.okPerSecond * calls).toFixed(0)}/s, ` +
          `p99 ${measurement.load.latency.p99.toFixed(1)} ms` +
          (measurement.load.ok < measurement.load.requests
            ? `, ${measurement.load.requests - measurement.load.ok} non-2xx`
            : ''),
      );
    }
  }
  for (const entry of results) {
    if (entry.unavailable !== undefined)
      log(`  ${entry.variant.label}: not available (${entry.unavailable})`);
  }
  return results;
}
