import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestPglite, type TestDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';

let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestPglite();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

function errorOf(body: string): unknown {
  return (JSON.parse(body) as { error?: { json?: unknown } }).error?.json;
}

describe('requests refused before tRPC are answered in tRPC error shape', () => {
  it('refuses a non-JSON body with 415, before parsing it', async () => {
    for (const type of [
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'text/xml',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/trpc/tasks.create',
        headers: { 'content-type': type },
        payload: '--x\r\n\r\n--x--',
      });
      expect(response.statusCode).toBe(415);
      expect(errorOf(response.body)).toMatchObject({
        data: { code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415, path: 'tasks.create' },
      });
    }
  });

  it('answers a body over the limit with a typed 413, one envelope per call of a batch', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/trpc/tasks.create,tasks.delete?batch=1',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ 0: { json: { title: 'x'.repeat(70_000) } } }),
    });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject([
      { error: { json: { data: { code: 'PAYLOAD_TOO_LARGE', path: 'tasks.create' } } } },
      { error: { json: { data: { code: 'PAYLOAD_TOO_LARGE', path: 'tasks.delete' } } } },
    ]);
  });

  it('answers an undecodable URL and an overlong procedure path with a typed 400', async () => {
    for (const url of ['/api/trpc/%E0%A4%A', `/api/trpc/${'a'.repeat(6000)}`]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response.body)).toMatchObject({ data: { code: 'BAD_REQUEST' } });
      expect(response.body).not.toMatch(/FST_ERR/);
    }
  });

  it("leaves other routes' errors to Fastify", async () => {
    const response = await app.inject({ method: 'GET', url: '/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'FST_ERR_BAD_URL' });
  });
});
