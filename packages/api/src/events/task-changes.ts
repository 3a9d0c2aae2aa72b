// The body of `tasks.changes`: admits the stream (limits, token expiry) and returns its events, read
// from the person's event log by a feed (task-change-feed.ts) that the live route can also take
// directly (taskChangeFeedOf).

import { bearerToken } from '../sessions/authenticate';
import type { Context, ResponseSink } from '../context';
import { credentialId, type RequestViewer } from '../viewer';
import { isStreamRefusal, type StreamRefusal } from './event-hub';
import { streamRefused, streamSignedOut } from './event-errors';
import {
  feedEvents,
  taskChangeFeed,
  type TaskChangeFeed,
  type TrackedTaskEvent,
} from './task-change-feed';
import { taskEventLog } from './task-event-log';

/** Refusals by response, read by the server to answer 429/503 with Retry-After. */
const refusals = new WeakMap<ResponseSink, StreamRefusal>();

/** The feed behind each stream's events, for a writer that takes them without the iterator. */
const feeds = new WeakMap<object, TaskChangeFeed>();

/**
 * The feed behind events `tasks.changes` returned: a writer that sends them itself starts it and
 * never iterates the events (one reader per stream).
 */
export function taskChangeFeedOf(events: object): TaskChangeFeed | undefined {
  return feeds.get(events);
}

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
  const feed = taskChangeFeed(taskEventLog(ctx.services.db, ctx.userId), opened, lastEventId);
  const events = feedEvents(feed);
  feeds.set(events, feed);
  return events;
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
