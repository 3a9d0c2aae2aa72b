// Bounds concurrent CPU-heavy work (password hashing). argon2 runs on libuv's thread pool, which
// token verification (WebCrypto) shares: unbounded hashing under a sign-in flood would starve
// every other request. Work beyond the queue is refused at once instead of waiting without end.

export class WorkLimiterBusyError extends Error {
  override readonly name = 'WorkLimiterBusyError';
  constructor() {
    super('Too much password work in progress');
  }
}

export interface WorkLimiterOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs allowed to wait; one more is refused with WorkLimiterBusyError. */
  maxQueue: number;
}

export interface WorkLimiter {
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Running and waiting jobs, for tests and metrics. */
  load(): { running: number; queued: number };
  /** True when `run` would refuse right now: callers can shed before doing any other work. */
  full(): boolean;
}

export function createWorkLimiter(options: WorkLimiterOptions): WorkLimiter {
  if (options.concurrency < 1) throw new Error('concurrency must be at least 1');
  let running = 0;
  const waiting: (() => void)[] = [];

  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) running -= 1;
    else next();
  };

  return {
    async run(job) {
      if (running >= options.concurrency) {
        if (waiting.length >= options.maxQueue) throw new WorkLimiterBusyError();
        // The slot passes straight from the finishing job to this one; `running` stays the same.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await job();
      } finally {
        release();
      }
    },
    load: () => ({ running, queued: waiting.length }),
    full: () => running >= options.concurrency && waiting.length >= options.maxQueue,
  };
}
