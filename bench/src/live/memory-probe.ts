// What a server's memory holds after a full garbage collection, asked for from outside: the server
// is started with `--expose-gc` and a small preloaded module that, on SIGUSR2, collects and writes
// `process.memoryUsage()` to a file. RSS alone mixes what is live with heap the collector has not
// given back (a young generation grown by a burst of requests); this separates them.
import { existsSync, readFileSync, rmSync } from 'node:fs';

export interface HeapFigures {
  /** RSS right after the collection, MB. */
  rssMb: number;
  /** Live JavaScript objects, MB. */
  heapUsedMb: number;
  /** Memory V8 holds for its heap (live or not), MB. */
  heapTotalMb: number;
  /** Memory outside the JavaScript heap owned by JavaScript objects (buffers...), MB. */
  externalMb: number;
}

/** The server's environment variable naming the file the probe writes. */
const FILE_VARIABLE = 'TASKLANE_BENCH_MEMORY_FILE';

const PROBE_SOURCE = `
import { writeFileSync } from 'node:fs';
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  writeFileSync(process.env.${FILE_VARIABLE}, JSON.stringify(process.memoryUsage()));
});
`;

/** Node flags and environment that make a server answer `heapAfterGc`. */
export function memoryProbe(file: string): { nodeArgs: string[]; env: Record<string, string> } {
  return {
    nodeArgs: [
      '--expose-gc',
      '--import',
      `data:text/javascript,${encodeURIComponent(PROBE_SOURCE)}`,
    ],
    env: { [FILE_VARIABLE]: file },
  };
}

const MB = 1024 * 1024;

/** Collects garbage in the server and reads what its memory holds then. */
export async function heapAfterGc(pid: number, file: string): Promise<HeapFigures> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the server did not answer the memory probe');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The file appears before its content is written in full; read until it parses.
  for (;;) {
    try {
      const usage = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
      return {
        rssMb: usage.rss / MB,
        heapUsedMb: usage.heapUsed / MB,
        heapTotalMb: usage.heapTotal / MB,
        externalMb: usage.external / MB,
      };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
