// The bench's handle on a stream-holding process (stream-holder-process.ts): forks it for one
// instance's stream URL and tells it to open, close and count its streams over IPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type {
  HolderArrival,
  HolderCommand,
  HolderCounts,
  HolderReply,
} from './stream-holder-messages';
import type { ArrivedEvent, StreamOwner } from './task-streams';

/** Distributes the commands that take no extra field. */
type SimpleOp = Exclude<HolderCommand['op'], 'open' | 'watch'>;

export interface StreamHolder {
  readonly pid: number;
  /** The nice value the process runs at. */
  readonly nice: number;
  /** Opens one stream per owner (see TaskStreams.open). */
  open(owners: readonly StreamOwner[]): Promise<HolderCounts>;
  close(): Promise<HolderCounts>;
  counts(): Promise<HolderCounts>;
  /**
   * Forwards to `onEvent` the data events whose text holds `marker`, with their arrival on the
   * bench's own performance.now() clock; undefined stops it.
   */
  watch(marker: string | undefined): Promise<void>;
  onEvent: ((event: ArrivedEvent) => void) | undefined;
  /** Closes the streams and ends the process. */
  stop(): Promise<void>;
}

export function startStreamHolder(streamUrl: string, nice: number): StreamHolder {
  const entry = fileURLToPath(new URL('./stream-holder-process.ts', import.meta.url));
  // Started through nice(1), so that every thread of the process has the priority: on Linux,
  // setpriority() from within Node (os.setPriority) sets only the calling thread's.
  const child: ChildProcess = spawn(
    'nice',
    [
      '-n',
      String(nice),
      process.execPath,
      '--import',
      import.meta.resolve('tsx'),
      entry,
      streamUrl,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('the stream holder did not start');
  let nextId = 1;
  const pending = new Map<number, (reply: HolderReply) => void>();
  child.on('message', (message: HolderReply | HolderArrival) => {
    if ('arrival' in message) {
      const { person, data, epochMs } = message.arrival;
      holder.onEvent?.({ person, data, at: epochMs - performance.timeOrigin });
      return;
    }
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  child.on('exit', (code) => {
    for (const resolve of pending.values()) {
      resolve({ id: 0, ok: false, error: `the stream holder exited (${String(code)})` });
    }
    pending.clear();
  });

  const send = async (
    command:
      | { op: SimpleOp }
      | { op: 'open'; owners: StreamOwner[] }
      | { op: 'watch'; marker: string | null },
  ): Promise<HolderCounts> => {
    const id = nextId++;
    const reply = await new Promise<HolderReply>((resolve) => {
      pending.set(id, resolve);
      child.send({ ...command, id });
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply.counts;
  };

  const holder: StreamHolder = {
    pid,
    nice,
    onEvent: undefined,
    open: (owners) => send({ op: 'open', owners: [...owners] }),
    close: () => send({ op: 'close' }),
    counts: () => send({ op: 'counts' }),
    async watch(marker) {
      await send({ op: 'watch', marker: marker ?? null });
    },
    async stop() {
      holder.onEvent = undefined;
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  return holder;
}
