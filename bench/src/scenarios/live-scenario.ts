// `--live`: the live events of issue 12 across two instances on one PostgreSQL. Instance B holds
// 1,000 open `tasks.changes` streams of 100 people (10 each, the per-person limit); a change made
// through instance A is timed from A's answer to its arrival on each of that person's streams on
// B. Then B's RSS per open stream, and `tasks.create` throughput with the streams open vs closed,
// alternated round by round.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { alternate, type Variant } from '../alternate';
import { taskStreams, type StreamOwner, type TaskStreams } from '../live/task-streams';
import type { Identities, LoadSpec } from '../load/load-spec';
import type { Target } from '../measure';
import { rssMb } from '../proc-stats';
import { summarize } from '../report';
import { startTasklane } from '../servers';
import { median } from '../stats';
import { mutationPath } from '../trpc-http';
import { atLeast, atMost } from './goals';
import { getLoad, type BenchContext, type ScenarioOutcome } from './scenario';

const PEOPLE = 100;
const STREAMS_PER_PERSON = 10;
const STREAMS = PEOPLE * STREAMS_PER_PERSON;
const LATENCY_SAMPLES = 300;
/** A probe whose event has not reached every stream by then counts as lost. */
const PROBE_TIMEOUT_MS = 5000;
const CONNECTIONS = 32;
const PROBE_PREFIX = 'live-probe-';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** RSS of the process, the median of samples taken over a couple of seconds. */
async function settledRssMb(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < 9; index++) {
    await sleep(250);
    const value = rssMb([pid]);
    if (value !== null) samples.push(value);
  }
  return median(samples);
}

interface FanOut {
  /** Milliseconds from A's answer to the event on each stream of that person on B. */
  latencies: number[];
  /** Events that arrived before the bench had read A's answer (counted as 0 ms). */
  early: number;
  lost: number;
}

interface Probe {
  title: string;
  /** performance.now() of each arrival on the person's streams. */
  arrivals: number[];
}

/** One change at a time through A, each awaited on every stream of its person on B. */
async function measureFanOut(
  origin: string,
  streams: TaskStreams,
  tokens: readonly string[],
): Promise<FanOut> {
  const result: FanOut = { latencies: [], early: 0, lost: 0 };
  let current: Probe | undefined;
  let arrived: () => void = () => undefined;
  streams.onEvent = ({ data, at }) => {
    if (current === undefined || !data.includes(PROBE_PREFIX)) return;
    if (!data.includes(`"${current.title}"`)) return;
    current.arrivals.push(at);
    arrived();
  };
  for (let sample = 0; sample < LATENCY_SAMPLES; sample++) {
    const person = sample % PEOPLE;
    const probe: Probe = { title: `${PROBE_PREFIX}${String(sample)}`, arrivals: [] };
    current = probe;
    const response = await fetch(`${origin}${mutationPath('tasks.create')}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens[person] ?? ''}`,
      },
      body: JSON.stringify({ json: { title: probe.title } }),
    });
    await response.text();
    const answeredAt = performance.now();
    if (response.status !== 200) throw new Error(`tasks.create on A answered ${response.status}`);
    const deadline = answeredAt + PROBE_TIMEOUT_MS;
    while (probe.arrivals.length < STREAMS_PER_PERSON && performance.now() < deadline) {
      await Promise.race([
        new Promise<void>((resolve) => (arrived = resolve)),
        sleep(Math.max(0, deadline - performance.now())),
      ]);
    }
    for (const at of probe.arrivals) {
      if (at < answeredAt) result.early += 1;
      result.latencies.push(Math.max(0, at - answeredAt));
    }
    result.lost += STREAMS_PER_PERSON - probe.arrivals.length;
  }
  streams.onEvent = undefined;
  current = undefined;
  return result;
}

function createLoad(origin: string): LoadSpec {
  return {
    ...getLoad(origin, mutationPath('tasks.create'), CONNECTIONS),
    method: 'POST',
    body: { kind: 'create-task', envelope: 'superjson' },
  };
}

export async function liveScenario(ctx: BenchContext): Promise<ScenarioOutcome> {
  const workDir = mkdtempSync(join(tmpdir(), 'tasklane-bench-live-'));
  // The people with streams are the first 100 seeded users; the create load acts as them only,
  // so every create is fanned out to 10 open streams.
  const all = JSON.parse(readFileSync(ctx.tasklane.identitiesFile, 'utf8')) as Identities;
  const people: Identities = {
    tokens: all.tokens.slice(0, PEOPLE),
    emails: all.emails.slice(0, PEOPLE),
    password: all.password,
  };
  const identitiesFile = join(workDir, 'people.json');
  writeFileSync(identitiesFile, JSON.stringify(people));
  const owners: StreamOwner[] = Array.from({ length: STREAMS }, (_, index) => {
    const person = index % PEOPLE;
    return { person, token: people.tokens[person] ?? '' };
  });

  ctx.log('live: starting instance B on the same database');
  const b = await startTasklane({
    entry: ctx.serverEntry,
    databaseUrl: ctx.databaseUrl,
    path: ctx.env.path,
    name: 'tasklane B',
    // Room for a round's streams while the previous round's are still being let go.
    env: { MAX_STREAMS: String(STREAMS * 2) },
  });
  const streams = taskStreams(b.origin);
  try {
    // B has answered requests (a create), but never held a stream: its RSS without streams.
    const warm = await fetch(`${b.origin}${mutationPath('tasks.create')}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${people.tokens[0] ?? ''}`,
      },
      body: JSON.stringify({ json: { title: 'warm-up' } }),
    });
    await warm.text();
    const rssBefore = await settledRssMb(b.pid);
    ctx.log(`live: opening ${STREAMS} streams on B (${PEOPLE} people x ${STREAMS_PER_PERSON})`);
    await streams.open(owners);
    const rssOpen = await settledRssMb(b.pid);
    const kbPerStream = ((rssOpen - rssBefore) * 1024) / STREAMS;
    ctx.log(
      `live: B's RSS ${rssBefore.toFixed(1)} MB without streams, ${rssOpen.toFixed(1)} MB with ${STREAMS}: ${kbPerStream.toFixed(1)} kB per stream`,
    );

    ctx.log(`live: ${LATENCY_SAMPLES} changes through A, each timed to its 10 streams on B`);
    const fanOut = await measureFanOut(ctx.tasklane.origin, streams, people.tokens);
    const sorted = [...fanOut.latencies].sort((x, y) => x - y);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    ctx.log(
      `live: A's answer to B's streams p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms, ${String(fanOut.lost)} lost`,
    );

    const open = async (): Promise<void> => {
      if (streams.openCount === STREAMS) return;
      await streams.close();
      await streams.open(owners);
    };
    const closed = async (): Promise<void> => {
      await streams.close();
    };
    const targetOf = (name: string, origin: string, pid: number): Target => ({
      name,
      origin,
      pids: [pid],
      identitiesFile,
    });
    const a = targetOf('tasklane A', ctx.tasklane.origin, ctx.tasklane.pids[0] ?? 0);
    const onB = targetOf('tasklane B', b.origin, b.pid);
    const variants: Variant[] = [
      { label: 'creates on A, no streams', target: a, spec: createLoad(a.origin), prepare: closed },
      {
        label: `creates on A, ${STREAMS} streams open on B`,
        target: a,
        spec: createLoad(a.origin),
        prepare: open,
      },
      {
        label: 'creates on B, no streams',
        target: onB,
        spec: createLoad(onB.origin),
        prepare: closed,
      },
      {
        label: `creates on B, holding ${STREAMS} streams`,
        target: onB,
        spec: createLoad(onB.origin),
        prepare: open,
      },
    ];
    ctx.log('live: tasks.create with the streams open vs closed, alternated');
    const [aNone, aOpen, bNone, bOpen] = await alternate(ctx, variants);
    if (!aNone || !aOpen || !bNone || !bOpen) throw new Error('live lost a variant');
    const scenario = `tasks.create, c=${String(CONNECTIONS)}, ${String(PEOPLE)} people`;
    const rows = [
      summarize(scenario, aNone),
      {
        ...summarize(scenario, aOpen, { reference: aNone }),
        note: 'streams on the other instance',
      },
      summarize(scenario, bNone),
      { ...summarize(scenario, bOpen, { reference: bNone }), note: 'streams on this instance' },
    ];
    const ratioA = rows[1]?.rateRatio?.median;
    const ratioB = rows[3]?.rateRatio?.median;
    const ms = (value: number): string => `${value.toFixed(1)} ms`;
    return {
      rows,
      goals: [
        {
          goal: 'live: fan-out latency p50 (answer on A to event on B)',
          target: '≤ 100 ms',
          measured: ms(p50),
          met: atMost(p50, 100),
        },
        {
          goal: 'live: fan-out latency p99',
          target: '≤ 1,000 ms',
          measured: ms(p99),
          met: atMost(p99, 1000),
        },
        {
          goal: 'live: server RSS per open stream',
          target: '≤ 50 kB',
          measured: `${kbPerStream.toFixed(1)} kB`,
          met: atMost(kbPerStream, 50),
        },
        {
          goal: 'live: tasks.create with 1,000 streams open vs none (on the instance holding them)',
          target: '≥ 0.90x',
          measured: ratioB === undefined ? '–' : `${ratioB.toFixed(2)}x`,
          met: atLeast(ratioB, 0.9),
        },
        {
          goal: 'live: tasks.create on A with 1,000 streams open on B vs none',
          target: '≥ 0.90x',
          measured: ratioA === undefined ? '–' : `${ratioA.toFixed(2)}x`,
          met: atLeast(ratioA, 0.9),
        },
      ],
      notes: [
        `Live: ${String(STREAMS)} streams (${String(PEOPLE)} people x ${String(STREAMS_PER_PERSON)}) held by the bench process as raw SSE on instance B; ${String(LATENCY_SAMPLES)} changes made one at a time through instance A, each timed from the moment the bench had read A's answer to the event's arrival on each of the person's ${String(STREAMS_PER_PERSON)} streams (${String(fanOut.latencies.length)} arrivals, ${String(fanOut.early)} before the answer was read, counted as 0 ms; ${String(fanOut.lost)} not arrived within ${String(PROBE_TIMEOUT_MS)} ms). Latency p50 ${ms(p50)}, p90 ${ms(percentile(sorted, 0.9))}, p99 ${ms(p99)}, max ${ms(sorted.at(-1) ?? Number.NaN)}.`,
        `Live: B's RSS ${rssBefore.toFixed(1)} MB after a first request and before any stream, ${rssOpen.toFixed(1)} MB with ${String(STREAMS)} idle streams open (medians of 9 samples over 2 s): ${kbPerStream.toFixed(1)} kB per stream.`,
        `Live: the create load acts as the ${String(PEOPLE)} people with streams, so each create is sent to 10 open streams; every round closes or reopens the streams before it runs. The bench process reading the streams shares the 2 cores with both instances, PostgreSQL and the load generator.`,
      ],
    };
  } finally {
    streams.onEvent = undefined;
    await streams.close();
    await b.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
