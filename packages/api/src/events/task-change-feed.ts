// One `tasks.changes` stream's events, pushed to whoever sends them: where the stream starts
// (resume or reset), then, at each wake of the stream, the person's changes after the last one
// sent, in order, with no gap or duplicate. A change the notification carried is sent from the
// wake itself (no read, promise or generator step per stream); anything else is read from the log
// first (shared-log-reads.ts). Order, resume and the absence of duplicates come from the position
// kept here: a change is sent only after every change before it.
//
// The live route writes what the feed pushes straight to the socket (apps/server); anything else
// (tRPC's own handlers, a server-side caller) iterates it through `feedEvents`, which is the
// procedure's return value. Either way there is one reader of the stream: this one.
import { tracked, type TrackedEnvelope } from '@trpc/server';

import type { EventStream, StreamEnd } from './event-hub';
import { reconnectRequested, streamRevoked } from './event-errors';
import type { EventBatch } from './shared-log-reads';
import type { TaskEvent } from './task-event';
import type { TaskEventLog } from './task-event-log';

export type TrackedTaskEvent = TrackedEnvelope<TaskEvent>;

export interface TaskChangeSink {
  /**
   * Sends one event, whose id is `seq`. Returns false when the sink is full: the feed finishes the
   * batch in hand and then sends nothing more until `resume()`.
   */
  send(seq: number, event: TaskEvent): boolean;
  /** The stream has ended: with the error to end it with, or undefined when the client went away. */
  end(error: Error | undefined): void;
}

export interface TaskChangeFeed {
  /** Starts sending to `sink`; once only. */
  start(sink: TaskChangeSink): void;
  /** The sink has room again. */
  resume(): void;
  /** The client went away: the stream ends (the sink's `end` is called with undefined). */
  close(): void;
}

type StartingPoint = { reset: false; from: number } | { reset: true; head: number };

/**
 * Resumes after `lastEventId` when every event since is still in the log; otherwise (no id, an
 * id older than retention, or one this person's log never gave out) the client must refetch.
 */
async function startingPoint(
  log: TaskEventLog,
  lastEventId: string | null,
): Promise<StartingPoint> {
  const { head, oldest } = await log.position();
  if (lastEventId === null) return { reset: true, head };
  const from = Number(lastEventId);
  if (from > head) return { reset: true, head };
  if (from === head) return { reset: false, from };
  return oldest !== null && oldest <= from + 1 ? { reset: false, from } : { reset: true, head };
}

function endError(reason: StreamEnd | 'gone'): Error | undefined {
  switch (reason) {
    case 'gone':
      return undefined;
    case 'revoked':
      return streamRevoked();
    case 'expired':
    case 'shutdown':
      return reconnectRequested(reason);
  }
}

export function taskChangeFeed(
  log: TaskEventLog,
  stream: EventStream,
  lastEventId: string | null,
): TaskChangeFeed {
  let sink: TaskChangeSink | undefined;
  /** The id of the last change sent (or skipped); undefined until the starting point is read. */
  let position: number | undefined;
  /** The starting point or a log read is being read. */
  let reading = false;
  /** The sink said it was full. */
  let full = false;
  /** The last read filled a batch: read on without waiting for a wake. */
  let more = false;
  let done = false;

  const finish = (error: Error | undefined): void => {
    if (done) return;
    done = true;
    stream.close();
    sink?.end(error);
  };
  const fail = (cause: unknown): void => {
    finish(cause instanceof Error ? cause : new Error('The live stream failed', { cause }));
  };

  const deliver = (to: TaskChangeSink, batch: EventBatch, from: number): number => {
    for (const { seq, event } of batch.events) {
      if (!to.send(seq, event)) full = true;
    }
    return batch.last ?? from;
  };

  const read = (to: TaskChangeSink, from: number): void => {
    reading = true;
    stream.changesAfter(from).then(
      (batch) => {
        reading = false;
        if (done) return;
        position = deliver(to, batch, from);
        more = batch.full;
        pump();
      },
      (error: unknown) => {
        reading = false;
        fail(error);
      },
    );
  };

  // Runs at every wake and end of the stream, when a read is answered and when the sink has room.
  const pump = (): void => {
    try {
      while (!done && sink !== undefined) {
        // An end is acted on at once, even while a read is out or the sink is full.
        const ended = stream.endedBy();
        if (ended !== undefined) {
          finish(endError(ended));
          return;
        }
        if (reading || full || position === undefined) return;
        if (!stream.takeWake() && !more) return;
        more = false;
        const carried = stream.carriedAfter(position);
        if (carried === undefined) {
          read(sink, position);
          return;
        }
        position = deliver(sink, carried, position);
      }
    } catch (error) {
      fail(error);
    }
  };

  return {
    start(target) {
      if (sink !== undefined) throw new Error('A task change feed starts once');
      sink = target;
      stream.listen(pump);
      reading = true;
      startingPoint(log, lastEventId).then(
        (start) => {
          reading = false;
          if (done) return;
          if (start.reset) {
            position = start.head;
            if (!target.send(position, { type: 'reset' })) full = true;
          } else {
            position = start.from;
          }
          pump();
        },
        (error: unknown) => {
          reading = false;
          fail(error);
        },
      );
    },
    resume() {
      full = false;
      pump();
    },
    close() {
      finish(undefined);
    },
  };
}

/**
 * The feed as tRPC's handlers and callers read a subscription: an async generator of tracked
 * events. It holds at most one batch the reader has not taken yet.
 */
export async function* feedEvents(feed: TaskChangeFeed): AsyncGenerator<TrackedTaskEvent, void> {
  const queue: TrackedTaskEvent[] = [];
  let ended: { error: Error | undefined } | undefined;
  let waiting: (() => void) | undefined;
  const notify = (): void => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.();
  };
  feed.start({
    send(seq, event) {
      queue.push(tracked(String(seq), event));
      notify();
      return false;
    },
    end(error) {
      ended = { error };
      notify();
    },
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length === 0) feed.resume();
        yield next;
        continue;
      }
      if (ended !== undefined) {
        if (ended.error !== undefined) throw ended.error;
        return;
      }
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
    }
  } finally {
    feed.close();
  }
}
