import { describe, expect, it } from 'vitest';

import { createWorkLimiter, WorkLimiterBusyError } from './work-limiter';

function deferred() {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('work limiter', () => {
  it('runs at most `concurrency` jobs, queues `maxQueue` more and refuses the rest at once', async () => {
    const limiter = createWorkLimiter({ concurrency: 2, maxQueue: 1 });
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    expect(limiter.full()).toBe(false);
    const jobs = gates.map((gate) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
      }),
    );
    expect(limiter.load()).toEqual({ running: 2, queued: 1 });
    expect(limiter.full()).toBe(true);
    await expect(limiter.run(() => Promise.resolve())).rejects.toBeInstanceOf(WorkLimiterBusyError);

    for (const gate of gates) gate.resolve();
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(limiter.load()).toEqual({ running: 0, queued: 0 });
    expect(limiter.full()).toBe(false);
  });

  it('frees the slot of a job that fails', async () => {
    const limiter = createWorkLimiter({ concurrency: 1, maxQueue: 0 });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.load()).toEqual({ running: 0, queued: 0 });
    expect(await limiter.run(() => Promise.resolve(42))).toBe(42);
  });
});
