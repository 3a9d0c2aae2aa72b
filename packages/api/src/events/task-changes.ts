// The body of `tasks.changes`: where a stream starts (resume or reset), and the loop that reads
// the person's event log after the last event sent each time the hub says there may be more.
import { tracked, type TrackedEnvelope } from '@trpc/server';

import { bearerToken } from '../sessions/authenticate';
import type { Context, ResponseSink } from '../context';
import { toTask } from '../tasks/task';
import { isStreamRefusal, type EventStream, type StreamRefusal } from './event-hub';
import { reconnectRequested, streamRefused, streamRevoked, streamSignedOut } from './event-errors';
import type { TaskEvent } from './task-event';
import { taskEventLog, type LoggedChange, type TaskEventLog } from './task-event-log';

/** Events read from the log per query; a longer backlog is read in several. */
export const EVENT_BATCH_SIZE = 200;

export type TrackedTaskEvent = TrackedEnvelope<TaskEvent>;

/** Refusals by response, read by the server to answer 429/503 with Retry-After. */
const refusals = new WeakMap<ResponseSink, StreamRefusal>();

/** Why this request's stream was refused, if it was: the HTTP status and Retry-After to send. */
export function streamRefusalOf(response: ResponseSink): StreamRefusal | undefined {
  return refusals.get(response);
}

interface SignedInContext extends Context {
  userId: string;
  sessionId: string;
}

/**
 * Admits the stream now (limits, token expiry), so a refusal is known before the response
 * starts, and returns the events to send.
 */
export async function openTaskChanges(
  ctx: SignedInContext,
  lastEventId: string | null,
  signal: AbortSignal | undefined,
): Promise<AsyncGenerator<TrackedTaskEvent, void>> {
  const token = bearerToken(ctx.request.authorization);
  const claims = token === undefined ? null : await ctx.services.tokens.verify(token);
  if (claims === null) throw streamSignedOut();
  const opened = ctx.services.events.open({
    userId: ctx.userId,
    sessionId: ctx.sessionId,
    expiresAt: claims.expiresAt,
    signal,
  });
  if (isStreamRefusal(opened)) {
    refusals.set(ctx.response, opened);
    ctx.response.setHeader('retry-after', String(opened.retryAfterSeconds));
    throw streamRefused(opened);
  }
  return streamEvents(taskEventLog(ctx.services.db, ctx.userId), opened, lastEventId);
}

async function* streamEvents(
  log: TaskEventLog,
  stream: EventStream,
  lastEventId: string | null,
): AsyncGenerator<TrackedTaskEvent, void> {
  try {
    let position: number;
    const start = await startingPoint(log, lastEventId);
    if (start.reset) {
      position = start.head;
      yield tracked(String(position), { type: 'reset' });
    } else {
      position = start.from;
    }
    for (;;) {
      const signal = await stream.next();
      switch (signal) {
        case 'read':
          break;
        case 'gone':
          return;
        case 'revoked':
          throw streamRevoked();
        case 'expired':
        case 'shutdown':
          throw reconnectRequested(signal);
      }
      for (;;) {
        const changes = await log.after(position, EVENT_BATCH_SIZE);
        for (const { seq, event } of toEvents(changes)) {
          position = seq;
          yield tracked(String(seq), event);
        }
        const last = changes.at(-1);
        if (last !== undefined) position = last.seq;
        if (changes.length < EVENT_BATCH_SIZE) break;
      }
    }
  } finally {
    stream.close();
  }
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

/**
 * The events for a batch of changes. An upsert whose task changed again later in the same batch
 * is left out: the later event carries the same current task.
 */
function toEvents(changes: readonly LoggedChange[]): { seq: number; event: TaskEvent }[] {
  const lastIndex = new Map<string, number>();
  changes.forEach((change, index) => lastIndex.set(change.taskId, index));
  const events: { seq: number; event: TaskEvent }[] = [];
  changes.forEach((change, index) => {
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
