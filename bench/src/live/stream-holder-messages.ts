// What the bench and its stream-holding process say to each other over IPC.
import type { StreamOwner } from './task-streams';

export type HolderCommand =
  | { id: number; op: 'open'; owners: StreamOwner[] }
  | { id: number; op: 'close' }
  | { id: number; op: 'counts' }
  /** Forward the data events whose text holds `marker` (none when null). */
  | { id: number; op: 'watch'; marker: string | null };

export interface HolderCounts {
  /** Streams admitted and still open. */
  open: number;
  /** Data events received on every stream since the process started. */
  received: number;
  /** The holder process's own CPU time (user + system) since it started. */
  cpuMs: number;
}

export type HolderReply =
  { id: number; ok: true; counts: HolderCounts } | { id: number; ok: false; error: string };

/** A watched event, with its arrival as an epoch time in milliseconds (fractional). */
export interface HolderArrival {
  arrival: { person: number; data: string; epochMs: number };
}
