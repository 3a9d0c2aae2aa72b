// `--live`: the live events of issue 12 across two instances on one PostgreSQL. Instance B holds
// 1,000 open `tasks.changes` streams of 100 people (10 each, the per-person limit); a change made
// through instance A is timed from A's answer to its arrival on each of that person's streams on
// B. Then B's memory per open stream, and `tasks.create` throughput with the streams open vs
// closed, alternated round by round. With `--compare-entry`, a second B runs that build and gets
// the same measures, its variants alternated with the others in the same rounds. The baseline
// holds the same streams and writes each create to them, nothing more (baseline-app.ts): its
// ratio, in the same rounds, is the floor the goal's measure is read against. A second baseline
// instance holds the same streams and relays to them the trigger's notification of each create
// made on the first, nothing more: the floor of the measure across instances.
//
// The streams are read by a process of their own (live/stream-holder.ts) at the lowest CPU
// priority: they stand for clients on other machines, whose reading costs the servers nothing. The
// same streams read at normal priority are measured too, for what sharing 2 cores costs, and each
// round counts the reader's CPU and checks that every event arrived.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { alternate, type Variant, type VariantRuns } from '../alternate';
import { heapAfterGc, memoryProbe, type HeapFigures } from '../live/memory-probe';
import { describeReaderRounds, readerRounds, type ReaderRounds } from '../live/reader-rounds';
import { startStreamHolder, type StreamHolder } from '../live/stream-holder';
import { taskChangesUrl, type StreamOwner } from '../live/task-streams';
import type { Identities, LoadSpec } from '../load/load-spec';
import { measure, type Measurement, type Target } from '../measure';
import { rssMb } from '../proc-stats';
import { summarize } from '../report';
import type { RunningProcess } from '../processes';
import { startBaseline, startTasklane } from '../servers';
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
/** After opening the streams, before a run: their first log reads are done well within it. */
const SETTLE_MS = 1000;
/** The stream readers' priority: the lowest, for clients whose CPU is not the machine's. */
const READER_NICE = 19;
/** After a round, how long the reader may go without a new event before the rest count as lost. */
const DRAIN_IDLE_MS = 3000;

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
  streams: StreamHolder,
  tokens: readonly string[],
): Promise<FanOut> {
  const result: FanOut = { latencies: [], early: 0, lost: 0 };
  let current: Probe | undefined;
  let arrived: () => void = () => undefined;
  await streams.watch(PROBE_PREFIX);
  streams.onEvent = ({ data, at }) => {
    if (current === undefined) return;
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
  await streams.watch(undefined);
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

/** The baseline's create (baseline-app.ts), which writes the task to its person's streams. */
function baselineCreateLoad(origin: string): LoadSpec {
  return {
    ...getLoad(origin, '/tasks', CONNECTIONS),
    method: 'POST',
    body: { kind: 'create-task', envelope: 'plain' },
  };
}

/** A server holding streams, and the file its memory probe writes. */
interface Holder {
  process: RunningProcess;
  memoryFile: string;
}

interface MemoryPerStream {
  /** RSS and heap (after a full collection) before any stream and with every stream open. */
  before: { rssMb: number; heap: HeapFigures };
  open: { rssMb: number; heap: HeapFigures };
  rssKbPerStream: number;
  heapKbPerStream: number;
}

const kbPerStream = (beforeMb: number, openMb: number): number =>
  ((openMb - beforeMb) * 1024) / STREAMS;

/** Opens the streams on `holder` and reads its memory before and after. */
async function memoryPerStream(
  holder: Holder,
  streams: StreamHolder,
  owners: readonly StreamOwner[],
): Promise<MemoryPerStream> {
  const rssBefore = await settledRssMb(holder.process.pid);
  const heapBefore = await heapAfterGc(holder.process.pid, holder.memoryFile);
  await streams.open(owners);
  const rssOpen = await settledRssMb(holder.process.pid);
  const heapOpen = await heapAfterGc(holder.process.pid, holder.memoryFile);
  return {
    before: { rssMb: rssBefore, heap: heapBefore },
    open: { rssMb: rssOpen, heap: heapOpen },
    rssKbPerStream: kbPerStream(rssBefore, rssOpen),
    heapKbPerStream: kbPerStream(heapBefore.heapUsedMb, heapOpen.heapUsedMb),
  };
}

interface Build {
  /** "B", or "B (compared build)". */
  name: string;
  entry: string;
}

interface BuildFigures {
  build: Build;
  /** Memory on a fresh instance that had answered one request. */
  cold: MemoryPerStream;
  /** Memory on a fresh instance that had first served the create load for a round. */
  warm: MemoryPerStream;
  fanOut: FanOut;
  sorted: number[];
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
  const builds: Build[] = [
    { name: 'B', entry: ctx.serverEntry },
    ...(ctx.options.compareEntry === undefined
      ? []
      : [{ name: 'B (compared build)', entry: ctx.options.compareEntry }]),
  ];
  const targetOf = (name: string, origin: string, pid: number): Target => ({
    name,
    origin,
    pids: [pid],
    identitiesFile,
  });

  let serial = 0;
  const startHolder = async (build: Build): Promise<Holder> => {
    serial += 1;
    const memoryFile = join(workDir, `memory-${String(serial)}.json`);
    const probe = memoryProbe(memoryFile);
    const process = await startTasklane({
      entry: build.entry,
      databaseUrl: ctx.databaseUrl,
      path: ctx.env.path,
      name: `tasklane ${build.name}`,
      nodeArgs: probe.nodeArgs,
      // Room for a round's streams while the previous round's are still being let go.
      env: { MAX_STREAMS: String(STREAMS * 2), ...probe.env },
    });
    // It has answered a request (a create), but never held a stream.
    const warm = await fetch(`${process.origin}${mutationPath('tasks.create')}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${people.tokens[0] ?? ''}`,
      },
      body: JSON.stringify({ json: { title: 'warm-up' } }),
    });
    await warm.text();
    return { process, memoryFile };
  };

  /** Each instance holding streams, and the processes reading them: one per priority measured. */
  const instances: { build: Build; holder: Holder; readers: StreamHolder[] }[] = [];
  const figures: BuildFigures[] = [];
  // The same streams on the baseline, whose create writes the task to them and does nothing
  // more: what 10 streams per create cost at the least on this machine, in the same rounds.
  const floorReader = startStreamHolder(new URL('/changes', ctx.baseline.origin).href, READER_NICE);
  // And on a second baseline instance, which hears of the first one's creates from PostgreSQL.
  const relay = await startBaseline(ctx.databaseUrl, ctx.env.path, { relay: true });
  const relayReader = startStreamHolder(new URL('/changes', relay.origin).href, READER_NICE);
  try {
    for (const [index, build] of builds.entries()) {
      ctx.log(`live: starting instance ${build.name} on the same database`);
      const holder = await startHolder(build);
      const niced = startStreamHolder(taskChangesUrl(holder.process.origin), READER_NICE);
      // The first build's streams are also read at normal priority, as an equal share of the cores.
      const readers =
        index === 0
          ? [niced, startStreamHolder(taskChangesUrl(holder.process.origin), 0)]
          : [niced];
      instances.push({ build, holder, readers });
      ctx.log(
        `live: opening ${STREAMS} streams on ${build.name} (${PEOPLE} people x ${STREAMS_PER_PERSON})`,
      );
      const cold = await memoryPerStream(holder, niced, owners);
      ctx.log(
        `live: ${build.name} fresh: RSS ${cold.before.rssMb.toFixed(1)} -> ${cold.open.rssMb.toFixed(1)} MB (${cold.rssKbPerStream.toFixed(1)} kB per stream), heap after GC ${cold.before.heap.heapUsedMb.toFixed(1)} -> ${cold.open.heap.heapUsedMb.toFixed(1)} MB (${cold.heapKbPerStream.toFixed(1)} kB per stream)`,
      );

      ctx.log(
        `live: ${LATENCY_SAMPLES} changes through A, each timed to its 10 streams on ${build.name}`,
      );
      const fanOut = await measureFanOut(ctx.tasklane.origin, niced, people.tokens);
      const sorted = [...fanOut.latencies].sort((x, y) => x - y);
      ctx.log(
        `live: A's answer to ${build.name}'s streams p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms, ${String(fanOut.lost)} lost`,
      );
      await niced.close();

      // The same on an instance that has first served a round of creates, as a running server
      // has: its heap has grown to its working size, so what grows now is what the streams hold.
      const warmHolder = await startHolder(build);
      const warmStreams = startStreamHolder(taskChangesUrl(warmHolder.process.origin), READER_NICE);
      try {
        await measure(ctx.deps, {
          target: targetOf(
            `tasklane ${build.name}`,
            warmHolder.process.origin,
            warmHolder.process.pid,
          ),
          spec: {
            ...createLoad(warmHolder.process.origin),
            durationSeconds: ctx.plan.durationSeconds,
          },
        });
        const warm = await memoryPerStream(warmHolder, warmStreams, owners);
        ctx.log(
          `live: ${build.name} after a round of creates: RSS ${warm.before.rssMb.toFixed(1)} -> ${warm.open.rssMb.toFixed(1)} MB (${warm.rssKbPerStream.toFixed(1)} kB per stream), heap after GC ${warm.before.heap.heapUsedMb.toFixed(1)} -> ${warm.open.heap.heapUsedMb.toFixed(1)} MB (${warm.heapKbPerStream.toFixed(1)} kB per stream)`,
        );
        figures.push({ build, cold, warm, fanOut, sorted });
      } finally {
        await warmStreams.stop();
        await warmHolder.process.stop();
      }
    }

    const allReaders = [...instances.flatMap(({ readers }) => readers), floorReader, relayReader];
    /** Before a run: the streams open on `counted`'s reader only (none anywhere when undefined). */
    const holdOn = (counted: ReaderRounds | undefined) => async (): Promise<void> => {
      for (const other of allReaders) {
        if (other !== counted?.reader) await other.close();
      }
      if (counted === undefined) return;
      if ((await counted.reader.counts()).open !== STREAMS) {
        await counted.reader.close();
        await counted.reader.open(owners);
        // Each stream reads the log once after its `reset`, and the instance lets go of the
        // closed ones: done before the run, which measures creates while the streams are held.
        await sleep(SETTLE_MS);
      }
      await counted.start();
    };

    /** The variants in the order `alternate` returns their runs, each with its reader's rounds. */
    const planned: { variant: Variant; counted: ReaderRounds | undefined; note: string }[] = [];
    const plan = (
      target: Target,
      label: string,
      {
        streams,
        load = createLoad,
      }: {
        streams?: { reader: StreamHolder | undefined; note: string };
        load?: (origin: string) => LoadSpec;
      } = {},
    ): void => {
      const reader = streams?.reader;
      const counted =
        reader === undefined ? undefined : readerRounds(reader, STREAMS_PER_PERSON, DRAIN_IDLE_MS);
      const variant: Variant = {
        label,
        target,
        spec: load(target.origin),
        prepare: holdOn(counted),
        ...(counted === undefined ? {} : { measured: (run: Measurement) => counted.measured(run) }),
      };
      planned.push({ variant, counted, note: streams?.note ?? '' });
    };
    const a = targetOf('tasklane A', ctx.tasklane.origin, ctx.tasklane.pids[0] ?? 0);
    plan(a, 'creates on A, no streams');
    plan(a, `creates on A, ${STREAMS} streams open on B`, {
      streams: { reader: instances[0]?.readers[0], note: 'streams on the other instance' },
    });
    for (const { build, holder, readers } of instances) {
      const target = targetOf(`tasklane ${build.name}`, holder.process.origin, holder.process.pid);
      plan(target, `creates on ${build.name}, no streams`);
      for (const reader of readers) {
        const normal = reader.nice === READER_NICE ? '' : ', read at normal priority';
        plan(target, `creates on ${build.name}, holding ${STREAMS} streams${normal}`, {
          streams: { reader, note: `streams on this instance${normal}` },
        });
      }
    }
    const baseline: Target = { ...ctx.baseline, identitiesFile };
    plan(baseline, 'baseline: creates, no streams', { load: baselineCreateLoad });
    plan(baseline, `baseline: creates, holding ${STREAMS} streams`, {
      streams: {
        reader: floorReader,
        note: "each create written to its person's streams, nothing more",
      },
      load: baselineCreateLoad,
    });
    plan(baseline, `baseline: creates, ${STREAMS} streams open on a relay instance`, {
      streams: {
        reader: relayReader,
        note: "streams on a second baseline instance, which writes each create's notification to its person's streams, nothing more",
      },
      load: baselineCreateLoad,
    });
    ctx.log('live: tasks.create with the streams open vs closed, alternated');
    const runs = await alternate(
      ctx,
      planned.map(({ variant }) => variant),
    );
    if (runs.length !== planned.length) throw new Error('live lost a variant');
    const scenario = `tasks.create, c=${String(CONNECTIONS)}, ${String(PEOPLE)} people`;
    const rows: ReturnType<typeof summarize>[] = [];
    /** The median rate ratio of each variant with streams, by label. */
    const ratios = new Map<string, number | undefined>();
    let reference: VariantRuns | undefined;
    for (const [index, { variant, counted, note }] of planned.entries()) {
      const run = runs[index];
      if (run === undefined) throw new Error('live lost a variant');
      if (counted === undefined) {
        reference = run;
        rows.push(summarize(scenario, run));
        continue;
      }
      const row = {
        ...summarize(scenario, run, reference === undefined ? {} : { reference }),
        note: `${note}; ${describeReaderRounds(counted)}`,
      };
      rows.push(row);
      ratios.set(variant.label, row.rateRatio?.median);
    }
    const ratioA = ratios.get(`creates on A, ${STREAMS} streams open on B`);
    const ratioB = ratios.get(`creates on B, holding ${STREAMS} streams`);
    const ratioBNormal = ratios.get(
      `creates on B, holding ${STREAMS} streams, read at normal priority`,
    );
    const ratioFloor = ratios.get(`baseline: creates, holding ${STREAMS} streams`);
    const ratioRelayFloor = ratios.get(
      `baseline: creates, ${STREAMS} streams open on a relay instance`,
    );
    const mine = figures[0];
    if (mine === undefined) throw new Error('live measured no instance');
    const p50 = percentile(mine.sorted, 0.5);
    const p99 = percentile(mine.sorted, 0.99);
    const ms = (value: number): string => `${value.toFixed(1)} ms`;
    const kb = (value: number): string => `${value.toFixed(1)} kB`;
    const mb = (value: number): string => `${value.toFixed(1)} MB`;
    const ratio = (value: number | undefined): string =>
      value === undefined ? '–' : `${value.toFixed(2)}x`;
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
          goal: 'live: server RSS per open stream (on a server that has served a round of creates)',
          target: '≤ 50 kB',
          measured: `${kb(mine.warm.rssKbPerStream)} (fresh server: ${kb(mine.cold.rssKbPerStream)}; heap ${kb(mine.warm.heapKbPerStream)})`,
          met: atMost(mine.warm.rssKbPerStream, 50),
        },
        {
          goal: 'live: tasks.create with 1,000 streams open vs none (on the instance holding them; streams read at the lowest priority, as remote clients)',
          target: '≥ 0.90x',
          measured: `${ratio(ratioB)} (read at normal priority on the same 2 cores: ${ratio(ratioBNormal)}; the hand-written floor in the same rounds: ${ratio(ratioFloor)})`,
          met: atLeast(ratioB, 0.9),
        },
        {
          goal: 'live: tasks.create on A with 1,000 streams open on B vs none',
          target: '≥ 0.90x',
          measured: `${ratio(ratioA)} (the hand-written floor across instances, in the same rounds: ${ratio(ratioRelayFloor)})`,
          met: atLeast(ratioA, 0.9),
        },
      ],
      notes: [
        `Live: ${String(STREAMS)} streams (${String(PEOPLE)} people x ${String(STREAMS_PER_PERSON)}) on instance B, held as raw SSE by a process of their own; ${String(LATENCY_SAMPLES)} changes made one at a time through instance A, each timed from the moment the bench had read A's answer to the event's arrival on each of the person's ${String(STREAMS_PER_PERSON)} streams.`,
        ...figures.map(
          ({ build, fanOut, sorted }) =>
            `Live, ${build.name}: ${String(fanOut.latencies.length)} arrivals, ${String(fanOut.early)} before A's answer was read (counted as 0 ms), ${String(fanOut.lost)} not arrived within ${String(PROBE_TIMEOUT_MS)} ms. Latency p50 ${ms(percentile(sorted, 0.5))}, p90 ${ms(percentile(sorted, 0.9))}, p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}.`,
        ),
        ...figures.map(({ build, cold, warm }) => {
          const line = (what: string, m: MemoryPerStream): string =>
            `${what}: RSS ${mb(m.before.rssMb)} -> ${mb(m.open.rssMb)} (${kb(m.rssKbPerStream)} per stream); after a full GC, heap used ${mb(m.before.heap.heapUsedMb)} -> ${mb(m.open.heap.heapUsedMb)} (${kb(m.heapKbPerStream)} per stream), heap total ${mb(m.before.heap.heapTotalMb)} -> ${mb(m.open.heap.heapTotalMb)}, external ${mb(m.before.heap.externalMb)} -> ${mb(m.open.heap.externalMb)}, RSS ${mb(m.before.heap.rssMb)} -> ${mb(m.open.heap.rssMb)}`;
          return `Live, ${build.name} memory (RSS: median of 9 samples over 2 s): ${line('fresh server (one request before)', cold)}. ${line('fresh server after a round of creates', warm)}.`;
        }),
        `Live: the create load acts as the ${String(PEOPLE)} people with streams, so each create is sent to 10 open streams; every round closes or reopens the streams before it runs. The streams stand for clients on other machines: their reader runs at nice ${String(READER_NICE)}, reading with the CPU the instances, PostgreSQL and the load generator leave, the kernel's socket buffers holding what it has not read yet; after each round the bench waits for it to catch up (until ${String(DRAIN_IDLE_MS)} ms pass without an event) and counts the events due (each create answered x ${String(STREAMS_PER_PERSON)}) against those that arrived. The same streams read at normal priority show what a reader sharing the 2 cores costs the instance.`,
        `Live, the floor: the baseline (bench/src/baseline) holds the same ${String(STREAMS)} streams, read the same way, and its create writes the task to its person's open streams, one frame made once and written to each, from the request that made it. It keeps no position, reads no log, has no hub, limits or revocation, and needs no notification: about the least a live endpoint on Node's HTTP server can do to send ${String(STREAMS_PER_PERSON)} events per create. Its ratio, against its own creates with no streams in the same rounds, is about the most this machine allows the goal's measure. (The create's trigger still writes the event log and notifies, as it does for every create in every variant.)`,
        `Live, the floor across instances: a second baseline process (the relay) holds the same ${String(STREAMS)} streams and listens for the trigger's notifications (migration 0014: the owner's id, then the change as JSON); it writes each one as it came, one frame made once, to the owner's streams there. No parse, no log, no hub: about the least an instance can do with a change made on another one. Its ratio is the baseline's creates with these streams held against none, in the same rounds.`,
      ],
    };
  } finally {
    await floorReader.stop();
    await relayReader.stop();
    await relay.stop();
    for (const { holder, readers } of instances) {
      for (const reader of readers) await reader.stop();
      await holder.process.stop();
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}
