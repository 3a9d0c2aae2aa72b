// One per server instance: keeps the open `tasks.changes` streams, wakes a person's streams when
// PostgreSQL announces a change of theirs (one LISTEN per instance, on the direct connection; the
// announcement usually carries the change, which then needs no read: shared-log-reads.ts),
// ends streams whose session is revoked, whose token expires or whose instance shuts down, and
// enforces the stream limits. Streams read what changed from the event log, so order, resume and
// the absence of duplicates come from the log, never from a notification; the streams of one
// person share those reads (shared-log-reads.ts), so a change costs one read per instance, and the
// reads of people woken together go to the database in one statement (batchedLogReads).
import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import type { NotificationSource, SessionValidity } from '../sessions/session-validity';
import { silentLogger, type Logger } from '../logger';
import { personLogReads, type EventBatch, type PersonLogReads } from './shared-log-reads';
import { batchedLogReads, pruneTaskEvents, TASK_EVENTS_CHANNEL } from './task-event-log';
import { notifiedChangeOf, notifiedOwner } from './task-notification';

export { TASK_EVENTS_CHANNEL };

export interface EventStreamLimits {
  /** Open streams one person may hold on one instance. Default 10. */
  maxStreamsPerUser?: number;
  /** Open streams on this instance (MAX_STREAMS). Default 1000. */
  maxStreams?: number;
  /** How long the log keeps events (the oldest point a client can resume from). Default 24 h. */
  retentionMs?: number;
  /** How often this instance deletes events past retention. Default 10 min; 0 never. */
  pruneIntervalMs?: number;
  /** While no notification can arrive (no listener, or it is reconnecting), streams read the
   * log this often. Default 1 s. */
  pollIntervalMs?: number;
  /** First delay before listening again after the connection is lost; doubles up to 30 s. */
  reconnectDelayMs?: number;
}

export const DEFAULT_STREAM_LIMITS = {
  maxStreamsPerUser: 10,
  maxStreams: 1000,
  retentionMs: 24 * 3600 * 1000,
  pruneIntervalMs: 10 * 60 * 1000,
  pollIntervalMs: 1000,
  reconnectDelayMs: 500,
} as const satisfies Required<EventStreamLimits>;

/** Why a stream ends from the server's side. */
export type StreamEnd =
  /** Its session was revoked (sign-out, password change, account deletion...). */
  | 'revoked'
  /** The access token it was opened with expired: reconnect with a fresh one. */
  | 'expired'
  /** This instance is shutting down: reconnect (to another instance). */
  | 'shutdown';

export interface EventStream {
  readonly userId: string;
  readonly sessionId: string;
  /**
   * Called, synchronously, at every wake of this stream and when it must end: the reader then
   * asks `endedBy` and `takeWake`. One listener; a later call replaces it.
   */
  listen(listener: () => void): void;
  /** How the stream must end, once it must. */
  endedBy(): StreamEnd | 'gone' | undefined;
  /** True once after each wake (and once after opening): the log may hold something new. */
  takeWake(): boolean;
  /**
   * The person's changes after `position` when the changes carried by notifications hold them
   * all, with no read; undefined when the log must be read (changesAfter).
   */
  carriedAfter(position: number): EventBatch | undefined;
  /**
   * The person's changes after `position`, read after the last wake of this stream (so they
   * include whatever that wake announced), in a read shared with their streams at the same place.
   */
  changesAfter(position: number): Promise<EventBatch>;
  /** Unregisters the stream; call once it has ended, however it ended. */
  close(): void;
}

export interface StreamRefusal {
  code: 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE';
  status: 429 | 503;
  retryAfterSeconds: number;
  message: string;
}

export interface OpenStream {
  userId: string;
  sessionId: string;
  /** When the access token the stream was opened with expires. */
  expiresAt: Date;
  /** The client went away (tRPC aborts this when the request ends). */
  signal?: AbortSignal | undefined;
}

export type EventHubMode = 'listening' | 'polling' | 'closed';

export interface EventHubStats {
  mode: EventHubMode;
  streams: number;
  users: number;
}

export interface EventHub {
  open(request: OpenStream): EventStream | StreamRefusal;
  stats(): EventHubStats;
  /** Resolves once the first attempt to listen has finished (successfully or not). */
  ready(): Promise<void>;
  /** Ends every stream ('shutdown') and refuses new ones; the listener stays until close(). */
  drain(): void;
  close(): Promise<void>;
}

export interface EventHubConfig {
  db: Kysely<Database>;
  sessions: SessionValidity;
  /** Without a source, streams poll the log (pollIntervalMs). */
  notifications?: NotificationSource | undefined;
  limits?: EventStreamLimits | undefined;
  logger?: Logger | undefined;
}

const MAX_RECONNECT_DELAY_MS = 30_000;

class Stream implements EventStream {
  private dirty = true;
  /** The hub's wake count when this stream was opened or last woken. */
  private wokenAt: number;
  private readonly reads: PersonLogReads;
  private ended: StreamEnd | 'gone' | undefined;
  private listener: (() => void) | undefined;
  private readonly expiry: NodeJS.Timeout;
  // The client went away: the stream leaves the limits now, not when its reader next runs (it
  // may be waiting for a change that never comes, or may never have started).
  private readonly onAbort = (): void => {
    this.close();
  };

  readonly userId: string;
  readonly sessionId: string;
  private readonly signal: AbortSignal | undefined;

  constructor(
    request: OpenStream,
    person: { reads: PersonLogReads; wakes: number },
    private readonly unregister: (stream: Stream) => void,
  ) {
    this.reads = person.reads;
    this.wokenAt = person.wakes;
    this.userId = request.userId;
    this.sessionId = request.sessionId;
    this.signal = request.signal;
    this.expiry = setTimeout(
      () => {
        this.end('expired');
      },
      Math.max(0, request.expiresAt.getTime() - Date.now()),
    );
    this.expiry.unref();
    if (this.signal?.aborted === true) this.ended = 'gone';
    else this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** `wakes` is the hub's wake count, already counting this wake. */
  wake(wakes: number): void {
    this.wokenAt = wakes;
    this.dirty = true;
    this.listener?.();
  }

  end(reason: StreamEnd | 'gone'): void {
    this.ended ??= reason;
    this.listener?.();
  }

  listen(listener: () => void): void {
    this.listener = listener;
  }

  endedBy(): StreamEnd | 'gone' | undefined {
    return this.ended;
  }

  takeWake(): boolean {
    const dirty = this.dirty;
    this.dirty = false;
    return dirty;
  }

  carriedAfter(position: number): EventBatch | undefined {
    return this.reads.carriedAfter(position);
  }

  changesAfter(position: number): Promise<EventBatch> {
    return this.reads.after(position, this.wokenAt);
  }

  close(): void {
    this.end('gone');
    clearTimeout(this.expiry);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.unregister(this);
  }
}

export function createEventHub(config: EventHubConfig): EventHub {
  const limits = { ...DEFAULT_STREAM_LIMITS, ...config.limits };
  const logger = config.logger ?? silentLogger;
  const byUser = new Map<string, Set<Stream>>();
  const bySession = new Map<string, Set<Stream>>();
  /** The log reads of each person with a stream here, shared by their streams. */
  const readsByUser = new Map<string, PersonLogReads>();
  /** Every person's reads asked for at the same moment go to the database in one statement. */
  const logReads = batchedLogReads(config.db);
  /** Wakes so far: a log read started at count n has seen every change announced by wake n. */
  let wakes = 0;
  const clock = (): number => wakes;
  let count = 0;
  let mode: EventHubMode = 'polling';
  let draining = false;
  let attempt = 0;
  let unlisten: (() => Promise<void>) | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelayMs = limits.reconnectDelayMs;
  // Read through a function after an await: close() may have run meanwhile.
  const currentMode = (): EventHubMode => mode;

  const everyStream = function* (): Generator<Stream> {
    for (const streams of byUser.values()) yield* streams;
  };
  // Notifications may have been missed (no listener, or it reconnected): no carried change can
  // stand in for the log until the next one.
  const wakeAll = (): void => {
    for (const reads of readsByUser.values()) reads.notified(undefined);
    wakes += 1;
    for (const stream of everyStream()) stream.wake(wakes);
  };

  const poll = setInterval(() => {
    if (mode === 'polling') wakeAll();
  }, limits.pollIntervalMs);
  poll.unref();

  const prune =
    limits.pruneIntervalMs > 0
      ? setInterval(() => {
          pruneTaskEvents(config.db, new Date(Date.now() - limits.retentionMs)).catch(
            (error: unknown) => {
              logger.warn({ event: 'events.prune_failed', err: error }, 'could not prune events');
            },
          );
        }, limits.pruneIntervalMs)
      : undefined;
  prune?.unref();

  const unregister = (stream: Stream): void => {
    const removeFrom = (index: Map<string, Set<Stream>>, key: string): boolean => {
      const set = index.get(key);
      if (set?.delete(stream) !== true) return false;
      if (set.size === 0) index.delete(key);
      return true;
    };
    if (removeFrom(byUser, stream.userId)) count -= 1;
    if (!byUser.has(stream.userId)) readsByUser.delete(stream.userId);
    removeFrom(bySession, stream.sessionId);
  };

  // Revocations come through the session cache's own subscription, so a revoking request answers
  // only after every instance has been told, and its streams have been ended by then.
  const stopRevocations = config.sessions.onRevocation((sessionId) => {
    if (sessionId !== null) {
      for (const stream of bySession.get(sessionId) ?? []) stream.end('revoked');
      return;
    }
    // Anything may have been revoked unheard: ask the database about every open session.
    for (const [id, streams] of bySession) {
      const [first] = streams;
      if (first === undefined) continue;
      config.sessions.isLive(id, first.userId).then(
        (live) => {
          if (!live) for (const stream of bySession.get(id) ?? []) stream.end('revoked');
        },
        (error: unknown) => {
          logger.warn(
            { event: 'events.session_check_failed', err: error },
            'could not check the session of a live stream',
          );
        },
      );
    }
  });

  const scheduleReconnect = (): void => {
    if (mode === 'closed' || reconnectTimer !== undefined) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void listen();
    }, reconnectDelayMs);
    reconnectTimer.unref();
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
  };

  const listen = async (): Promise<void> => {
    const source = config.notifications;
    if (source === undefined || mode === 'closed') return;
    attempt += 1;
    const thisAttempt = attempt;
    try {
      const stop = await source.listen(
        TASK_EVENTS_CHANNEL,
        (payload) => {
          const userId = notifiedOwner(payload);
          const streams = byUser.get(userId);
          if (streams === undefined) return;
          readsByUser.get(userId)?.notified(notifiedChangeOf(payload));
          wakes += 1;
          for (const stream of streams) stream.wake(wakes);
        },
        (error) => {
          if (thisAttempt !== attempt || currentMode() === 'closed') return;
          logger.warn(
            { event: 'events.listener_lost', err: error },
            'task event listener lost; live streams poll the log until it is back',
          );
          unlisten = undefined;
          mode = 'polling';
          scheduleReconnect();
        },
      );
      if (thisAttempt !== attempt || currentMode() === 'closed') {
        await stop();
        return;
      }
      unlisten = stop;
      mode = 'listening';
      reconnectDelayMs = limits.reconnectDelayMs;
      // Changes made while nobody listened were not announced: every stream reads once.
      wakeAll();
    } catch (error) {
      if (thisAttempt !== attempt || currentMode() === 'closed') return;
      logger.warn(
        { event: 'events.listen_failed', err: error },
        'could not listen for task events; live streams poll the log',
      );
      scheduleReconnect();
    }
  };

  const firstAttempt = listen();

  return {
    open(request) {
      if (draining || mode === 'closed') {
        return refusal('SERVICE_UNAVAILABLE', 5, 'This server is restarting. Reconnect shortly.');
      }
      if (count >= limits.maxStreams) {
        return refusal(
          'SERVICE_UNAVAILABLE',
          5,
          'This server has too many live connections. Reconnect shortly.',
        );
      }
      const mine = byUser.get(request.userId);
      if ((mine?.size ?? 0) >= limits.maxStreamsPerUser) {
        return refusal(
          'TOO_MANY_REQUESTS',
          30,
          `You have ${limits.maxStreamsPerUser} live connections open already. Close a tab or device and try again.`,
        );
      }
      let reads = readsByUser.get(request.userId);
      if (reads === undefined) {
        reads = personLogReads(logReads.of(request.userId), clock);
        readsByUser.set(request.userId, reads);
      }
      const stream = new Stream(request, { reads, wakes }, unregister);
      const add = (index: Map<string, Set<Stream>>, key: string): void => {
        const set = index.get(key);
        if (set === undefined) index.set(key, new Set([stream]));
        else set.add(stream);
      };
      add(byUser, request.userId);
      add(bySession, request.sessionId);
      count += 1;
      if (request.signal?.aborted === true) stream.close();
      return stream;
    },

    stats: () => ({ mode, streams: count, users: byUser.size }),

    ready: () => firstAttempt,

    drain() {
      draining = true;
      for (const stream of everyStream()) stream.end('shutdown');
    },

    async close() {
      draining = true;
      for (const stream of everyStream()) stream.end('shutdown');
      mode = 'closed';
      attempt += 1;
      clearInterval(poll);
      if (prune !== undefined) clearInterval(prune);
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      stopRevocations();
      const stop = unlisten;
      unlisten = undefined;
      await stop?.();
    },
  };
}

function refusal(
  code: StreamRefusal['code'],
  retryAfterSeconds: number,
  message: string,
): StreamRefusal {
  return { code, status: code === 'TOO_MANY_REQUESTS' ? 429 : 503, retryAfterSeconds, message };
}

export function isStreamRefusal(value: EventStream | StreamRefusal): value is StreamRefusal {
  return 'code' in value;
}
