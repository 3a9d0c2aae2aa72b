// One read of a person's event log for all of their streams on this instance that need the same
// changes at the same moment, and the events made from it once for all of them. Without it, one
// change for a person with ten open streams cost ten log reads and ten conversions of the task
// (specs/performance.md, live events).
//
// Joining a read is safe only if the read started after the wake that sent the stream to read:
// a read started earlier may have taken its snapshot before the change that woke the stream was
// committed, and the stream would then wait for the next wake with that change unsent. Wakes are
// counted (the hub's clock goes up at every notification, poll and reconnect); a read remembers
// the count when it started, and a stream joins only a read from its own position that started at
// or after the count when it was last woken. A change whose notification comes later wakes the
// stream again, so nothing committed is ever left unread.
//
// Most changes need no read at all: their notification carries them (migration 0014), and the
// person's changes carried since the last notification that did not carry one are kept, in event
// id order with no gap. A stream whose next event is among them is answered from them. That
// misses nothing: every notification for the person up to the stream's wake was either one of
// them, or one without its change, which empties them, so the stream reads the log.
import { markSharedOutput } from '../superjson-output';
import { toTask } from '../tasks/task';
import type { TaskEvent } from './task-event';
import type { LoggedChange, TaskEventLog } from './task-event-log';

/** Events read from the log per query; a longer backlog is read in several. */
export const EVENT_BATCH_SIZE = 200;

/**
 * Carried changes kept per person: enough for streams that keep up (they take each change as it
 * comes), few enough that a person's streams hold a few kB for them. A stream further behind, as
 * after a statement that changed many tasks, reads the log.
 */
const CARRIED_MAX = 8;

export interface SequencedEvent {
  seq: number;
  event: TaskEvent;
}

export interface EventBatch {
  /** What to send, in commit order (an upsert superseded in the same batch is left out). */
  events: readonly SequencedEvent[];
  /** The id of the last change read, or undefined when there was none after the position. */
  last: number | undefined;
  /** The read filled a whole batch: more may follow right after `last`. */
  full: boolean;
}

export interface PersonLogReads {
  /**
   * The changes after `position` when the carried changes hold every one of them notified so far
   * (they start at or before the next id); undefined when the log must be read.
   */
  carriedAfter(position: number): EventBatch | undefined;
  /**
   * The changes after `position`: from the carried changes when they hold the next one, otherwise
   * from a read that started when the clock read `wokenAt` or later (an identical one already
   * running is joined, otherwise a new one starts).
   */
  after(position: number, wokenAt: number): Promise<EventBatch>;
  /**
   * A notification for this person, with the change it carried (undefined when it carried none,
   * or when notifications may have been missed): called before their streams are woken.
   */
  notified(change: LoggedChange | undefined): void;
}

interface RunningRead {
  startedAt: number;
  batch: Promise<EventBatch>;
}

export function personLogReads(
  log: Pick<TaskEventLog, 'after'>,
  clock: () => number,
): PersonLogReads {
  /** Reads not yet answered, by the position they read after. */
  const running = new Map<number, RunningRead>();
  /** The changes carried by notifications since the last one that carried none, ids in a row. */
  let carried: SequencedChange[] = [];
  return {
    notified(change) {
      const last = carried.at(-1);
      if (change === undefined) {
        carried = [];
      } else if (last !== undefined && change.seq === last.seq + 1) {
        carried.push(toSequencedChange(change));
        if (carried.length > CARRIED_MAX) carried = carried.slice(-CARRIED_MAX);
      } else {
        carried = [toSequencedChange(change)];
      }
    },

    carriedAfter: (position) => carriedAfter(carried, position),

    after(position, wokenAt) {
      const fromCarried = carriedAfter(carried, position);
      if (fromCarried !== undefined) return Promise.resolve(fromCarried);
      const joinable = running.get(position);
      if (joinable !== undefined && joinable.startedAt >= wokenAt) return joinable.batch;
      const read: RunningRead = {
        startedAt: clock(),
        batch: log.after(position, EVENT_BATCH_SIZE).then(toBatch),
      };
      running.set(position, read);
      const settled = (): void => {
        if (running.get(position) === read) running.delete(position);
      };
      read.batch.then(settled, settled);
      return read.batch;
    },
  };
}

interface SequencedChange {
  seq: number;
  /** Undefined for a change with nothing to send (an upsert of a task deleted since). */
  event: TaskEvent | undefined;
}

function toSequencedChange(change: LoggedChange): SequencedChange {
  const [sent] = toEvents([change]);
  if (sent !== undefined) markSharedOutput(sent.event);
  return { seq: change.seq, event: sent?.event };
}

/**
 * The changes after `position` when the carried ones hold every one of them that has been
 * notified (they start at or before the next id); undefined when the log must be read.
 */
function carriedAfter(
  carried: readonly SequencedChange[],
  position: number,
): EventBatch | undefined {
  const first = carried[0];
  const last = carried.at(-1);
  if (first === undefined || last === undefined || first.seq > position + 1) return undefined;
  const events: SequencedEvent[] = [];
  for (const { seq, event } of carried) {
    if (seq > position && event !== undefined) events.push({ seq, event });
  }
  return { events, last: last.seq > position ? last.seq : undefined, full: false };
}

function toBatch(changes: readonly LoggedChange[]): EventBatch {
  const events = toEvents(changes);
  // Every stream sending these gives tRPC the same objects: serialised once, not per stream.
  for (const { event } of events) markSharedOutput(event);
  return {
    events,
    last: changes.at(-1)?.seq,
    full: changes.length >= EVENT_BATCH_SIZE,
  };
}

/**
 * The events for a batch of changes. An upsert whose task changed again later in the same batch
 * is left out: the later event carries the same current task.
 */
function toEvents(changes: readonly LoggedChange[]): SequencedEvent[] {
  const lastIndex = new Map<string, number>();
  changes.forEach((change, index) => {
    if (change.kind !== 'reminder') lastIndex.set(change.taskId, index);
  });
  const events: SequencedEvent[] = [];
  changes.forEach((change, index) => {
    if (change.kind === 'reminder') {
      // Sent once whatever follows; a task deleted since has nothing left to remind of.
      if (change.current === null || change.reminder === null) return;
      events.push({
        seq: change.seq,
        event: { type: 'reminder', ...change.reminder, task: toTask(change.current) },
      });
      return;
    }
    if (change.kind === 'delete') {
      events.push({ seq: change.seq, event: { type: 'delete', id: change.taskId } });
      return;
    }
    // Deleted since (a delete event follows), or changed again later in this batch.
    if (change.current === null || lastIndex.get(change.taskId) !== index) return;
    events.push({ seq: change.seq, event: { type: 'upsert', task: toTask(change.current) } });
  });
  return events;
}
