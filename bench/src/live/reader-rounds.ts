// What the stream reader did during each measured round of one variant: its CPU, the events it
// was due and got, and the streams still open after. The reader may end a round behind (at the
// lowest priority it reads when the servers leave it a core, and the kernel buffers the rest), so
// each round waits for it to catch up before it counts.
import type { Measurement } from '../measure';
import type { StreamHolder } from './stream-holder';
import type { HolderCounts } from './stream-holder-messages';

export interface ReaderRound {
  /** Successful creates in the round, each due on every stream of its person. */
  creates: number;
  expected: number;
  received: number;
  cpuMs: number;
  openAfter: number;
}

export interface ReaderRounds {
  readonly reader: StreamHolder;
  readonly rounds: readonly ReaderRound[];
  /** Before a run: where the reader's counts stand. */
  start(): Promise<void>;
  /** After a measured run: waits for the reader to catch up, then records the round. */
  measured(measurement: Measurement): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param eventsPerCreate the streams each create is due on (the person's streams)
 * @param idleMs how long the reader may go without a new event before the rest count as lost
 */
export function readerRounds(
  reader: StreamHolder,
  eventsPerCreate: number,
  idleMs: number,
): ReaderRounds {
  const rounds: ReaderRound[] = [];
  let before: HolderCounts | undefined;
  return {
    reader,
    rounds,
    async start() {
      before = await reader.counts();
    },
    async measured(measurement) {
      if (before === undefined) throw new Error('a reader round ended before it started');
      const expected = measurement.load.ok * eventsPerCreate;
      let counts = await reader.counts();
      let progressAt = performance.now();
      while (counts.received - before.received < expected) {
        if (performance.now() - progressAt > idleMs) break;
        await sleep(50);
        const next = await reader.counts();
        if (next.received !== counts.received) progressAt = performance.now();
        counts = next;
      }
      rounds.push({
        creates: measurement.load.ok,
        expected,
        received: counts.received - before.received,
        cpuMs: counts.cpuMs - before.cpuMs,
        openAfter: counts.open,
      });
      before = undefined;
    },
  };
}

/** One line on what the reader did over every round: CPU per create, events, streams kept. */
export function describeReaderRounds({ reader, rounds }: ReaderRounds): string {
  const sum = (pick: (round: ReaderRound) => number): number =>
    rounds.reduce((total, round) => total + pick(round), 0);
  const creates = sum((round) => round.creates);
  const expected = sum((round) => round.expected);
  const received = sum((round) => round.received);
  const lost = sum((round) => Math.max(0, round.expected - round.received));
  const fewestOpen = Math.min(...rounds.map((round) => round.openAfter));
  const perCreate = creates === 0 ? Number.NaN : sum((round) => round.cpuMs) / creates;
  return (
    `reader (nice ${String(reader.nice)}) ${perCreate.toFixed(2)} ms CPU per create, ` +
    `${received.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} events arrived` +
    `${lost > 0 ? ` (${lost.toLocaleString('en-US')} missing)` : ''}, ` +
    `at least ${String(fewestOpen)} streams open after each round`
  );
}
