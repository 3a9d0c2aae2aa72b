// The per-key request limit (600 a minute by default), counted in the database so it holds across
// instances. Each instance takes a few units at a time and spends them locally, so a busy key
// costs one write per batch instead of one per request; the total never exceeds the limit.
import type { RateLimitKeys } from '../limits/auth-rate-limits';
import { RateLimitedError } from '../limits/limit-errors';
import type { RateLimit, RateLimiter } from '../limits/rate-limiter';

/**
 * Units an instance takes at once: a twentieth of the limit (30 of 600), at least 1, so a key
 * used a few times a minute reserves once a minute.
 */
export function unitsPerReservation(rule: RateLimit): number {
  return Math.max(1, Math.floor(rule.limit / 20));
}

interface Lease {
  units: number;
  /** Date.now() at which the window the units belong to ends. */
  until: number;
}

export interface ApiKeyRequestLimit {
  /** Counts one request of the key; throws RateLimitedError past the limit. */
  count(keyId: string): Promise<void>;
}

export function createApiKeyRequestLimit(deps: {
  rateLimiter: RateLimiter;
  rule: RateLimit;
  keys: RateLimitKeys;
}): ApiKeyRequestLimit {
  const leases = new Map<string, Lease>();
  const batch = unitsPerReservation(deps.rule);
  return {
    async count(keyId) {
      const lease = leases.get(keyId);
      if (lease !== undefined && lease.units > 0 && lease.until > Date.now()) {
        lease.units -= 1;
        return;
      }
      const verdict = await deps.rateLimiter.reserveUnits(
        deps.keys.apiKeyRequests(keyId),
        deps.rule,
        batch,
      );
      if (!verdict.allowed) {
        leases.delete(keyId);
        throw new RateLimitedError('apiKeyRequests', verdict.retryAfterSeconds);
      }
      // Units left from a lease spent meanwhile by concurrent requests are dropped: at most a
      // batch per instance goes unused, never more than the limit is used.
      leases.delete(keyId);
      leases.set(keyId, { units: verdict.units - 1, until: Date.now() + verdict.windowEndsInMs });
      if (leases.size > MAX_LEASES) {
        const oldest = leases.keys().next();
        if (oldest.done !== true) leases.delete(oldest.value);
      }
    },
  };
}

/** Keys with units in hand; the oldest lease is dropped past this (its units go unused). */
const MAX_LEASES = 50_000;
