// The body of `tasks.changes`: where a stream starts (resume or reset), and the loop that reads
// the person's event log after the last event sent each time the hub says there may be more (in a
// read shared with the person's other streams on this instance: shared-log-reads.ts).
import { tracked, type TrackedEnvelope } from '@trpc/server';

import { bearerToken } from '../sessions/authenticate';
import type { Context, ResponseSink } from '../context';
import { credentialId, type RequestViewer } from '../viewer';
import { isStreamRefusal, type EventStream, type StreamRefusal } from './event-hub';
import { reconnectRequested, streamRefused, streamRevoked, streamSignedOut } from './event-errors';
import type { TaskEvent } from './task-event';
import { taskEventLog, type TaskEventLog } from './task-event-log';

export type TrackedTaskEvent = TrackedEnvelope<TaskEvent>;

/** Refusals by response, read by the server to answer 429/503 with Retry-After. */
const refusals = new WeakMap<ResponseSink, StreamRefusal>();

/** Why this request's stream was refused, if it was: the HTTP status and Retry-After to send. */
export function streamRefusalOf(response: ResponseSink): StreamRefusal | undefined {
  return refusals.get(response);
}

interface SignedInContext extends Context {
  userId: string;
  viewer: RequestViewer;
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
  const opened = ctx.services.events.open({
    userId: ctx.userId,
    // A key's revocation is announced under its id, as a session's is: the stream ends with it.
    sessionId: credentialId(ctx.viewer),
    expiresAt: await streamExpiry(ctx),
    signal,
  });
  if (isStreamRefusal(opened)) {
    refusals.set(ctx.response, opened);
    ctx.response.setHeader('retry-after', String(opened.retryAfterSeconds));
    throw streamRefused(opened);
  }
  return streamEvents(taskEventLog(ctx.services.db, ctx.userId), opened, lastEventId);
}

/**
 * When the stream must be re-authenticated: its access token's expiry, or for a key, its expiry
 * but no later than an access token's lifetime from now (the client reconnects, and the key is
 * checked again).
 */
async function streamExpiry(ctx: SignedInContext): Promise<Date> {
  if (ctx.viewer.kind === 'apiKey') {
    const { expiresAt } = ctx.viewer;
    const longest = Date.now() + ctx.services.auth.accessTokenTtlSeconds * 1000;
    return new Date(expiresAt === null ? longest : Math.min(expiresAt.getTime(), longest));
  }
  const token = bearerToken(ctx.request.authorization);
  const claims = token === undefined ? null : await ctx.services.tokens.verify(token);
  if (claims === null) throw streamSignedOut();
  return claims.expiresAt;
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
        const batch = await stream.changesAfter(position);
        for (const { seq, event } of batch.events) {
          position = seq;
          yield tracked(String(seq), event);
        }
        position = batch.last ?? position;
        if (!batch.full) break;
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
