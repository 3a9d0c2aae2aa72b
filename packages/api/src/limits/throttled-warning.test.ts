import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Logger } from '../logger';
import { createThrottledWarning } from './throttled-warning';

function recordingLogger() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: (fields, message) => warnings.push({ fields, message }),
    error: () => undefined,
  };
  return { logger, warnings };
}

describe('throttled warning', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-24T08:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the first occurrence at once, then at most one line per interval with the count', () => {
    const { logger, warnings } = recordingLogger();
    const shed = createThrottledWarning({ logger, message: 'request shed' });

    shed.warn({ ip: '10.0.0.1' });
    expect(warnings).toEqual([{ fields: { ip: '10.0.0.1', count: 1 }, message: 'request shed' }]);

    for (let index = 2; index <= 500; index++) shed.warn({ ip: `10.0.0.${index % 250}` });
    expect(warnings).toHaveLength(1);

    vi.advanceTimersByTime(999);
    expect(warnings).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]?.fields).toEqual({ ip: '10.0.0.0', count: 499 });

    // Still within a second of that line: held back again, then written with its own count.
    shed.warn({ ip: '10.0.0.7' });
    shed.warn({ ip: '10.0.0.8' });
    expect(warnings).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(warnings.map((warning) => warning.fields.count)).toEqual([1, 499, 2]);
  });

  it('counts every occurrence exactly once, and writes again at once after a quiet interval', () => {
    const { logger, warnings } = recordingLogger();
    const shed = createThrottledWarning({ logger, message: 'request shed', intervalMs: 100 });
    let occurrences = 0;
    for (let tick = 0; tick < 50; tick++) {
      for (let burst = 0; burst < tick % 7; burst++) {
        shed.warn({});
        occurrences += 1;
      }
      vi.advanceTimersByTime(30);
    }
    vi.advanceTimersByTime(1000);
    const logged = warnings.reduce((sum, warning) => sum + Number(warning.fields.count), 0);
    expect(logged).toBe(occurrences);
    // 50 ticks of 30 ms are 1.5 s: at most one line per 100 ms, plus the last flush.
    expect(warnings.length).toBeLessThanOrEqual(16);

    vi.advanceTimersByTime(5000);
    const before = warnings.length;
    shed.warn({ ip: '10.9.9.9' });
    expect(warnings).toHaveLength(before + 1);
    expect(warnings.at(-1)?.fields).toEqual({ ip: '10.9.9.9', count: 1 });
  });
});
