// The process that holds the bench's open `tasks.changes` streams (task-streams.ts), apart from
// the bench's own bookkeeping and load generator. The streams stand for clients on other machines:
// here they share the 2 cores with the servers they measure, so the bench can start it at the
// lowest CPU priority (stream-holder.ts), where it reads with the CPU no server wants and the
// kernel's socket buffers hold what it has not read yet, as a network would.
import type { HolderArrival, HolderCommand, HolderReply } from './stream-holder-messages';
import { taskStreams } from './task-streams';

const [streamUrl] = process.argv.slice(2);
if (streamUrl === undefined) throw new Error('usage: stream-holder-process STREAM_URL');

const streams = taskStreams(streamUrl);
let marker: string | null = null;
streams.onEvent = ({ person, data, at }) => {
  if (marker === null || !data.includes(marker)) return;
  const message: HolderArrival = {
    arrival: { person, data, epochMs: performance.timeOrigin + at },
  };
  process.send?.(message);
};

function counts(): HolderReply & { ok: true } {
  const cpu = process.cpuUsage();
  return {
    id: 0,
    ok: true,
    counts: {
      open: streams.openCount,
      received: streams.received,
      cpuMs: (cpu.user + cpu.system) / 1000,
    },
  };
}

async function answer(command: HolderCommand): Promise<HolderReply> {
  try {
    if (command.op === 'open') await streams.open(command.owners);
    else if (command.op === 'close') await streams.close();
    else if (command.op === 'watch') marker = command.marker;
    return { ...counts(), id: command.id };
  } catch (error) {
    return {
      id: command.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

process.on('message', (command: HolderCommand) => {
  void answer(command).then((reply) => process.send?.(reply));
});
process.on('SIGTERM', () => {
  void streams.close().then(() => process.exit(0));
});
