import { expect, it } from 'vitest';

import { createDatabase } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';

describeEachDatabase('health and readiness', (database) => {
  it('reports alive and ready while the database answers', async () => {
    const app = await buildTestApp(database());
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    await app.close();
  });
});

it('reports not ready, without crashing, when the database is gone', async () => {
  const unreachable = createDatabase({
    url: 'postgres://postgres@127.0.0.1:1/nowhere',
    pool: { connectionTimeoutMillis: 500 },
  });
  const app = await buildTestApp(unreachable);
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expect(ready.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  await app.close();
  await unreachable.destroy();
});
