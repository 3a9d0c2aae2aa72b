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
import { markSharedOutput } from '../superjson-output';
import { toTask } from '../tasks/task';
import type { TaskEvent } from './task-event';
import type { LoggedChange, TaskEventLog } from './task-event-log';

/** Events read from the log per query; a longer backlog is read in several. */
export const EVENT_BATCH_SIZE = 200;

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
   * The changes after `position`, from a read that started when the clock read `wokenAt` or
   * later: an identical one already running is joined, otherwise a new one starts.
   */
  after(position: number, wokenAt: number): Promise<EventBatch>;
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
  return {
    after(position, wokenAt) {
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
