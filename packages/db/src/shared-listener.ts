// One LISTEN connection for every channel a process listens on. At each commit that notifies,
// PostgreSQL (15) wakes every backend listening in that database, whatever channel it listens
// on, and each woken backend reads the notification queue: an instance with a connection per
// channel (revocations, task events, two job runners) cost four wakes per write, where one
// connection costs one (specs/performance.md, "Listening connections").
//
// The connection's last statement always names every channel it listens on
// (`listen "a"; listen "b"`, or `unlisten "c"; listen "a"` after the last subscriber of c left),
// so pg_stat_activity tells which connections listen on a channel: listenStatementPattern.
import type pg from 'pg';

export type ListenFunction = (
  channel: string,
  onPayload: (payload: string) => void,
  onClose?: (error: Error | undefined) => void,
) => Promise<() => Promise<void>>;

interface Subscriber {
  channel: string;
  onPayload: (payload: string) => void;
  onClose: ((error: Error | undefined) => void) | undefined;
  /** Listening: its listen() has resolved and its stop has not been called. */
  active: boolean;
}

interface Connection {
  client: pg.Client;
  ready: Promise<void>;
  subscribers: Set<Subscriber>;
  /** Lost, or ended by its last subscriber: no new subscriber may join it. */
  over: boolean;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A POSIX regular expression matching the last statement (pg_stat_activity.query) of a connection
 * that listens on `channel`: a shared connection's, or a single `listen "channel"`.
 */
export function listenStatementPattern(channel: string): string {
  const escaped = quoteIdentifier(channel).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(^|; )listen ${escaped}(;|$)`;
}

/** The statement that leaves the connection listening on exactly `channels`. */
function statementFor(channels: ReadonlySet<string>, dropped: string | undefined): string {
  const listens = [...channels].sort().map((channel) => `listen ${quoteIdentifier(channel)}`);
  return [
    ...(dropped === undefined ? [] : [`unlisten ${quoteIdentifier(dropped)}`]),
    ...listens,
  ].join('; ');
}

function channelsOf(connection: Connection): Set<string> {
  return new Set([...connection.subscribers].map((subscriber) => subscriber.channel));
}

/**
 * `listen` on connections made by `connect`, one at a time shared by every subscriber. When that
 * connection is lost, every listening subscriber's `onClose` is called, and the next `listen`
 * opens a new one.
 */
export function sharedListener(
  connect: () => pg.Client,
  onError: ((error: Error) => void) | undefined,
): ListenFunction {
  let current: Connection | undefined;

  const lose = (connection: Connection, error: Error | undefined): void => {
    if (current === connection) current = undefined;
    if (connection.over) return;
    connection.over = true;
    const listening = [...connection.subscribers].filter((subscriber) => subscriber.active);
    connection.subscribers.clear();
    for (const subscriber of listening) {
      subscriber.active = false;
      subscriber.onClose?.(error);
    }
  };

  const open = (): Connection => {
    const client = connect();
    const connection: Connection = {
      client,
      ready: Promise.resolve(),
      subscribers: new Set(),
      over: false,
    };
    client.on('error', (error) => {
      onError?.(error);
      lose(connection, error);
    });
    client.on('end', () => {
      lose(connection, undefined);
    });
    client.on('notification', (message) => {
      for (const subscriber of connection.subscribers) {
        if (subscriber.channel === message.channel) subscriber.onPayload(message.payload ?? '');
      }
    });
    connection.ready = client.connect().then(
      () => undefined,
      async (error: unknown) => {
        lose(connection, error instanceof Error ? error : undefined);
        await client.end().catch(() => undefined);
        throw error;
      },
    );
    return connection;
  };

  const leave = async (connection: Connection, subscriber: Subscriber): Promise<void> => {
    subscriber.active = false;
    if (!connection.subscribers.delete(subscriber) || connection.over) return;
    if (connection.subscribers.size === 0) {
      connection.over = true;
      if (current === connection) current = undefined;
      await connection.client.end();
      return;
    }
    const channels = channelsOf(connection);
    if (!channels.has(subscriber.channel)) {
      // Failing only when the connection is lost or ended meanwhile, which stops it listening.
      await connection.client
        .query(statementFor(channels, subscriber.channel))
        .catch(() => undefined);
    }
  };

  return async (channel, onPayload, onClose) => {
    const connection = current ?? open();
    current = connection;
    // Subscribed before its LISTEN is sent, so a notification right after it is not missed.
    const subscriber: Subscriber = { channel, onPayload, onClose, active: false };
    connection.subscribers.add(subscriber);
    // Read after each await: the connection may be lost meanwhile.
    const lost = (): boolean => connection.over;
    try {
      await connection.ready;
      if (lost()) throw new Error('the listening connection was lost');
      await connection.client.query(statementFor(channelsOf(connection), undefined));
      if (lost()) throw new Error('the listening connection was lost');
    } catch (error) {
      await leave(connection, subscriber).catch(() => undefined);
      throw error;
    }
    subscriber.active = true;
    return () => leave(connection, subscriber);
  };
}
