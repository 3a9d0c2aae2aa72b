// A hand-driven HTTP/1.1 connection: tests write a request a piece at a time (to hold it in
// flight across a signal) and read back exactly what the server sent, headers included.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  write(text: string): Promise<void>;
  /** Everything the server sent until it closed the connection, parsed as responses in order. */
  responsesUntilClosed(timeoutMs: number): Promise<RawResponse[]>;
  destroy(): void;
}

export async function openRawConnection(port: number): Promise<RawConnection> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A reset after the last response is fine: what was received is what the test checks.
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      resolve();
    });
  });

  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        socket.write(text, (error) => {
          if (error === undefined || error === null) resolve();
          else reject(error);
        });
      }),
    async responsesUntilClosed(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, timeoutMs, 'timeout');
      });
      const outcome = await Promise.race([closed.then(() => 'closed' as const), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        socket.destroy();
        throw new Error(`the server kept the connection open for more than ${timeoutMs} ms`);
      }
      return parseResponses(Buffer.concat(chunks));
    },
    destroy: () => socket.destroy(),
  };
}

/** The text of a request, for writing in pieces. */
export function rawRequest(options: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}): { head: string; body: string } {
  const body = options.body ?? '';
  const headers: Record<string, string> = {
    host: '127.0.0.1',
    connection: 'keep-alive',
    ...options.headers,
    ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return { head: `${options.method} ${options.path} HTTP/1.1\r\n${lines.join('')}\r\n`, body };
}

export function parseResponses(bytes: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  // latin1 keeps one character per byte, so Content-Length and chunk sizes count correctly.
  let rest = bytes.toString('latin1');
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine = '', ...headerLines] = rest.slice(0, end).split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    rest = rest.slice(end + 4);
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        if (lineEnd < 0) break;
        const size = Number.parseInt(rest.slice(0, lineEnd), 16);
        rest = rest.slice(lineEnd + 2);
        if (!Number.isFinite(size) || size === 0) {
          rest = rest.slice(rest.indexOf('\r\n') + 2);
          break;
        }
        body += rest.slice(0, size);
        rest = rest.slice(size + 2);
      }
    } else {
      const length = Number(headers['content-length'] ?? rest.length);
      body = rest.slice(0, length);
      rest = rest.slice(length);
    }
    responses.push({ status, headers, body: Buffer.from(body, 'latin1').toString('utf8') });
  }
  return responses;
}

/** True once nothing listens on the port any more (the server began closing). */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => {
      resolve(true);
    });
  });
}
