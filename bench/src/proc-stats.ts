// Reads processes' CPU time and resident memory from /proc (Linux), so the cost of a request is
// measured in the server processes themselves rather than guessed from the load generator's side.
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in clock ticks, 100 per second on every Linux we run on. */
const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: split after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime), counted from 1, are at 11 and 12 after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

function processRssMb(pid: number): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] === undefined ? null : Number(match[1]) / 1024;
}

/** Sum over `pids`, or null once any of them has exited (a partial sum would mislead). */
function sum(pids: readonly number[], read: (pid: number) => number | null): number | null {
  let total = 0;
  for (const pid of pids) {
    const value = read(pid);
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** User + system CPU time of the processes in milliseconds, or null once one has exited. */
export function cpuTimeMs(pids: readonly number[]): number | null {
  return sum(pids, processCpuMs);
}

/** Resident set size of the processes in MB (VmRSS), or null once one has exited. */
export function rssMb(pids: readonly number[]): number | null {
  return sum(pids, processRssMb);
}

/** Samples the processes' summed RSS at an interval and keeps the peak. */
export function sampleRss(
  pids: readonly number[],
  intervalMs = 250,
): { stop(): { peakMb: number; lastMb: number } } {
  let peakMb = rssMb(pids) ?? 0;
  let lastMb = peakMb;
  const timer = setInterval(() => {
    const value = rssMb(pids);
    if (value === null) return;
    lastMb = value;
    if (value > peakMb) peakMb = value;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const value = rssMb(pids);
      if (value !== null) {
        lastMb = value;
        if (value > peakMb) peakMb = value;
      }
      return { peakMb, lastMb };
    },
  };
}
