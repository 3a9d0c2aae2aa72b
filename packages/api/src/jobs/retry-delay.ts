// Exponential backoff between attempts of a job, with jitter so jobs that failed together (an
// SMTP outage) do not all come back in the same second.
export interface RetryDelayOptions {
  /** Delay after the first failed attempt. Default 5 s. */
  baseMs: number;
  /** The longest delay. Default 1 h. */
  maxMs: number;
}

export const DEFAULT_RETRY_DELAY: RetryDelayOptions = { baseMs: 5000, maxMs: 3_600_000 };

/** base * 2^(attempt-1), capped, then between 80 % and 100 % of that. */
export function retryDelayMs(
  attempt: number,
  options: RetryDelayOptions = DEFAULT_RETRY_DELAY,
  random: () => number = Math.random,
): number {
  const exponential = options.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(exponential, options.maxMs);
  return Math.round(capped * (0.8 + 0.2 * random()));
}
