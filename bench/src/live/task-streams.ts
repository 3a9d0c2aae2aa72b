// Many open `tasks.changes` streams held by the bench, as raw SSE over plain TCP sockets (one each,
// an HTTP/1.1 GET with the Authorization header as every client sends it), with the time each
// event arrived. The streams stand for a thousand clients on other machines, whose CPU is not the
// server's: on this machine they share the cores with the servers they measure, so they read with
// as little work as a client can do — the response head once, then the chunked body's frames
// found by byte search in the socket's own buffers — rather than through node:http's client, whose
// parser, message stream and text decoding cost several times more per event
// (specs/performance.md, "Live events").
import { connect, type Socket } from 'node:net';

import { chunkedBody } from './chunked-body';

export interface StreamOwner {
  /** Index of the person among the bench's identities. */
  person: number;
  token: string;
}

/** One event as it arrived: whose stream, its raw `data` line, and performance.now() then. */
export interface ArrivedEvent {
  person: number;
  data: string;
  at: number;
}

export interface TaskStreams {
  /**
   * Opens one stream per owner; resolves once every one has been admitted (200 + `connected`) and
   * has had its first event (the `reset` a stream opened without a last event id starts with, sent
   * once the server has read where the person's log stands).
   */
  open(owners: readonly StreamOwner[]): Promise<void>;
  /** Closes every stream and waits for their sockets to close. */
  close(): Promise<void>;
  readonly openCount: number;
  /** Data events (not heartbeats or other named events) received on every stream so far. */
  readonly received: number;
  /** Called for every data event (not heartbeats) of every stream. */
  onEvent: ((event: ArrivedEvent) => void) | undefined;
}

const ADMISSION_TIMEOUT_MS = 30_000;

interface OpenStream {
  socket: Socket;
  closed: Promise<void>;
}

class RefusedError extends Error {}

const HEAD_END = Buffer.from('\r\n\r\n');
const FRAME_END = Buffer.from('\n\n');
/** What a data event's frame holds and a heartbeat's or a named event's does not. */
const DATA_LINE = Buffer.from('data: ');
const EVENT_LINE = Buffer.from('event: ');

/** Where an instance's `tasks.changes` streams are opened. */
export function taskChangesUrl(origin: string): string {
  return new URL('/api/trpc/tasks.changes', origin).href;
}

/** `streamUrl`: Tasklane's (taskChangesUrl), or the baseline's stream in the same frames. */
export function taskStreams(streamUrl: string): TaskStreams {
  const url = new URL(streamUrl);
  const port = Number(url.port === '' ? 80 : url.port);
  const open = new Set<OpenStream>();
  let received = 0;

  function openOne(owner: StreamOwner, streams: TaskStreams): Promise<OpenStream> {
    return new Promise<OpenStream>((resolve, reject) => {
      let admitted = false;
      let started = false;
      let markClosed: () => void = () => undefined;
      const closed = new Promise<void>((resolveClosed) => (markClosed = resolveClosed));
      const socket = connect({ host: url.hostname, port, noDelay: true });
      const stream: OpenStream = { socket, closed };
      socket.on('close', () => {
        open.delete(stream);
        markClosed();
        // Settles nothing once resolved or rejected.
        reject(new Error('the stream closed before its first event'));
      });
      socket.on('error', (error) => {
        if (!started) reject(error);
      });
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          `Authorization: Bearer ${owner.token}\r\nAccept: text/event-stream\r\n\r\n`,
      );

      let head: Buffer | undefined = Buffer.alloc(0);
      let body: ((bytes: Buffer) => Buffer[]) | undefined;
      /** Body bytes after the last complete frame. */
      let partial = Buffer.alloc(0);

      const onFrame = (frame: Buffer): void => {
        if (frame.indexOf(EVENT_LINE) === 0 || frame.includes(`\n${EVENT_LINE.toString()}`)) {
          // A named event: `connected` admits the stream; the others (ping, return...) are not data.
          if (!admitted && frame.includes('event: connected')) {
            admitted = true;
            open.add(stream);
          }
          return;
        }
        const at = frame.indexOf(DATA_LINE);
        if (at === -1) return;
        received += 1;
        if (!started) {
          started = true;
          resolve(stream);
        }
        const listener = streams.onEvent;
        if (listener === undefined) return;
        const lineEnd = frame.indexOf(10, at);
        const data = frame.toString(
          'utf8',
          at + DATA_LINE.length,
          lineEnd === -1 ? undefined : lineEnd,
        );
        listener({ person: owner.person, data, at: performance.now() });
      };

      const onBody = (bytes: Buffer): void => {
        let input = partial.length === 0 ? bytes : Buffer.concat([partial, bytes]);
        for (let end = input.indexOf(FRAME_END); end !== -1; end = input.indexOf(FRAME_END)) {
          const frame = input.subarray(0, end);
          input = input.subarray(end + FRAME_END.length);
          if (frame.length > 0) onFrame(frame);
        }
        // Copied, so the socket's buffer it came in is not kept alive by a few bytes.
        partial = input.length === 0 ? Buffer.alloc(0) : Buffer.from(input);
      };

      socket.on('data', (bytes: Buffer) => {
        if (head !== undefined) {
          head = Buffer.concat([head, bytes]);
          const end = head.indexOf(HEAD_END);
          if (end === -1) return;
          const text = head.toString('latin1', 0, end);
          const rest = head.subarray(end + HEAD_END.length);
          head = undefined;
          const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]);
          if (status !== 200) {
            socket.destroy();
            reject(new RefusedError(`HTTP ${String(status)}`));
            return;
          }
          if (/^transfer-encoding:\s*chunked\s*$/im.test(text)) {
            const chunked = chunkedBody();
            body = (more) => chunked.push(more);
          } else {
            body = (more) => [more];
          }
          if (rest.length === 0) return;
          bytes = rest;
        }
        for (const part of body?.(bytes) ?? []) onBody(part);
      });
    });
  }

  /** A stream refused for the limits (the previous round's streams not yet gone) is retried. */
  async function openAdmitted(owner: StreamOwner, streams: TaskStreams): Promise<void> {
    const deadline = Date.now() + ADMISSION_TIMEOUT_MS;
    for (;;) {
      try {
        await openOne(owner, streams);
        return;
      } catch (error) {
        if (!(error instanceof RefusedError) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  const streams: TaskStreams = {
    onEvent: undefined,
    get openCount() {
      return open.size;
    },
    get received() {
      return received;
    },
    async open(owners) {
      // A few at a time: a thousand connections at once would be a connection flood, not clients.
      const queue = [...owners];
      const workers = Array.from({ length: 50 }, async () => {
        for (let owner = queue.shift(); owner !== undefined; owner = queue.shift()) {
          await openAdmitted(owner, streams);
        }
      });
      await Promise.all(workers);
    },
    async close() {
      const closing = [...open];
      for (const stream of closing) stream.socket.destroy();
      await Promise.all(closing.map((stream) => stream.closed));
    },
  };
  return streams;
}
