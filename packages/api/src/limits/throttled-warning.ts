// A warning that may fire thousands of times a second (a request shed during a flood) becomes
// at most one log line per interval, carrying how many occurrences it stands for: a flood of
// requests must not turn into a flood of log writes on the same two cores.
import type { Logger } from '../logger';

export interface ThrottledWarning {
  /** Counts one occurrence; logs it now, or with the next line when one was written recently. */
  warn(fields: Record<string, unknown>): void;
}

export interface ThrottledWarningOptions {
  logger: Logger;
  message: string;
  /** Default one second. */
  intervalMs?: number;
}

export function createThrottledWarning(options: ThrottledWarningOptions): ThrottledWarning {
  const { logger, message, intervalMs = 1000 } = options;
  let nextLineAt = 0;
  let pending = 0;
  let pendingFields: Record<string, unknown> = {};
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const write = (fields: Record<string, unknown>, count: number): void => {
    logger.warn({ ...fields, count }, message);
    nextLineAt = Date.now() + intervalMs;
  };

  // Occurrences held back are written once the interval is over, even if no new one comes.
  const flush = (): void => {
    flushTimer = undefined;
    if (pending === 0) return;
    const count = pending;
    pending = 0;
    write(pendingFields, count);
  };

  return {
    warn(fields) {
      const now = Date.now();
      if (now >= nextLineAt && pending === 0) {
        write(fields, 1);
        return;
      }
      pending += 1;
      // The fields of the latest occurrence stand for the whole count.
      pendingFields = fields;
      // unref: a held-back count never keeps a process alive on its own.
      flushTimer ??= setTimeout(flush, Math.max(0, nextLineAt - now)).unref();
    },
  };
}
