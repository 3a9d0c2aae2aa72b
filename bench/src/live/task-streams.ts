// Many open `tasks.changes` streams held by the bench, as raw SSE over node:http (one socket each,
// the Authorization header as every client sends it), with the time each event arrived. Raw
// rather than an EventSource per stream, so a thousand of them cost the bench little.
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

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
  /** Called for every data event (not heartbeats) of every stream. */
  onEvent: ((event: ArrivedEvent) => void) | undefined;
}

const ADMISSION_TIMEOUT_MS = 30_000;

interface OpenStream {
  request: ClientRequest;
  closed: Promise<void>;
}

class RefusedError extends Error {}

export function taskStreams(origin: string): TaskStreams {
  const url = new URL('/api/trpc/tasks.changes', origin);
  const open = new Set<OpenStream>();

  function openOne(owner: StreamOwner, streams: TaskStreams): Promise<OpenStream> {
    return new Promise<OpenStream>((resolve, reject) => {
      let admitted = false;
      let started = false;
      let markClosed: () => void = () => undefined;
      const closed = new Promise<void>((resolveClosed) => (markClosed = resolveClosed));
      const req = request(url, {
        agent: false,
        headers: { authorization: `Bearer ${owner.token}`, accept: 'text/event-stream' },
      });
      const stream: OpenStream = { request: req, closed };
      req.on('close', () => {
        open.delete(stream);
        markClosed();
        // Settles nothing once resolved or rejected.
        reject(new Error('the stream closed before its first event'));
      });
      req.on('error', (error) => {
        if (!started) reject(error);
      });
      req.on('response', (response: IncomingMessage) => {
        if (response.statusCode !== 200) {
          response.resume();
          req.destroy();
          reject(new RefusedError(`HTTP ${String(response.statusCode)}`));
          return;
        }
        response.setEncoding('utf8');
        let buffered = '';
        response.on('data', (chunk: string) => {
          buffered += chunk;
          let end = buffered.indexOf('\n\n');
          while (end !== -1) {
            const frame = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            end = buffered.indexOf('\n\n');
            if (frame.trim() === '') continue;
            const lines = frame.split('\n');
            const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
            if (event === 'connected' && !admitted) {
              admitted = true;
              open.add(stream);
              continue;
            }
            if (event !== undefined) continue;
            const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
            if (data !== undefined) {
              if (!started) {
                started = true;
                resolve(stream);
              }
              streams.onEvent?.({ person: owner.person, data, at: performance.now() });
            }
          }
        });
      });
      req.end();
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
      for (const stream of closing) stream.request.destroy();
      await Promise.all(closing.map((stream) => stream.closed));
    },
  };
  return streams;
}
