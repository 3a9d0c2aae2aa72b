import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

import { expect, it } from 'vitest';

import { chunkedBody } from './chunked-body';

const WRITES = ['event: connected\ndata: {}\n\n', 'id: 1\ndata: {"a":"é"}\n\n', 'x'.repeat(5000)];

/** What node:http sends for WRITES, byte for byte: the response a stream reader meets. */
async function rawResponse(): Promise<Buffer> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const text of WRITES) response.write(text);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('data', (bytes: Buffer) => {
        parts.push(bytes);
      });
      socket.on('error', reject);
      socket.on('end', () => {
        resolve(Buffer.concat(parts));
      });
      socket.end('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
  } finally {
    server.close();
  }
}

it('gives back the body node:http sent, however its bytes are split', async () => {
  const raw = await rawResponse();
  const head = raw.indexOf('\r\n\r\n');
  expect(raw.subarray(0, head).toString('latin1')).toMatch(/transfer-encoding: chunked/i);
  const encoded = raw.subarray(head + 4);
  const expected = WRITES.join('');

  for (let size = 1; size <= 64; size++) {
    const body = chunkedBody();
    const out: Buffer[] = [];
    for (let at = 0; at < encoded.length; at += size) {
      out.push(...body.push(encoded.subarray(at, at + size)));
    }
    expect(Buffer.concat(out).toString('utf8')).toBe(expected);
  }
});
