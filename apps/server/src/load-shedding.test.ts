import Fastify from 'fastify';
import { afterEach, expect, it } from 'vitest';

import { OVERLOADED_MESSAGE, registerLoadShedding } from './load-shedding';

let stopBlocking: (() => void) | undefined;
afterEach(() => {
  stopBlocking?.();
});

/** Keeps the event loop busy 40 ms out of every 50 ms, as a saturated process would be. */
function saturateEventLoop(): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 40;
    while (Date.now() < until) {
      // busy
    }
  }, 50);
  return () => {
    clearInterval(timer);
  };
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('refuses new work with 503 + Retry-After while the event loop lags, keeps /healthz, recovers', async () => {
  const app = Fastify();
  await registerLoadShedding(app, { maxEventLoopDelayMs: 15, sampleIntervalMs: 100 });
  let handled = 0;
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', () => ({ status: 'ready' }));
  app.get('/api/trpc/:path', () => {
    handled += 1;
    return { result: { data: { json: 'ok' } } };
  });
  await app.ready();

  expect((await app.inject('/api/trpc/tasks.list')).statusCode).toBe(200);

  // Each probe reports whether the route handler ran for it.
  const probe = async (url: string) => {
    const before = handled;
    const response = await app.inject(url);
    return { response, reachedHandler: handled > before };
  };
  const isShed = ({ response }: { response: { statusCode: number } }) =>
    response.statusCode === 503;

  stopBlocking = saturateEventLoop();
  const single = await until(() => probe('/api/trpc/tasks.list'), isShed);
  expect(single.response.statusCode).toBe(503);
  expect(single.reachedHandler).toBe(false);
  expect(single.response.headers['retry-after']).toBe('5');
  // A tRPC client reads this like any procedure error.
  expect(single.response.json()).toMatchObject({
    error: {
      json: {
        message: OVERLOADED_MESSAGE,
        code: -32603,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path: 'tasks.list' },
      },
    },
  });
  const batch = await until(
    () => probe('/api/trpc/tasks.list,auth.me?batch=1&input=%7B%7D'),
    isShed,
  );
  expect(batch.response.statusCode).toBe(503);
  expect(batch.reachedHandler).toBe(false);
  expect(batch.response.json()).toMatchObject([
    { error: { json: { data: { code: 'SERVICE_UNAVAILABLE', path: 'tasks.list' } } } },
    { error: { json: { data: { code: 'SERVICE_UNAVAILABLE', path: 'auth.me' } } } },
  ]);
  const ready = await until(() => probe('/readyz'), isShed);
  expect(ready.response.json()).toMatchObject({ status: 'unavailable', reason: 'overloaded' });
  // Liveness is never shed, whatever the load.
  for (let i = 0; i < 10; i += 1) {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  }

  stopBlocking();
  stopBlocking = undefined;
  const recovered = await until(
    () => probe('/api/trpc/tasks.list'),
    ({ response }) => response.statusCode === 200,
  );
  expect(recovered.response.statusCode).toBe(200);
  await app.close();
}, 20_000);
