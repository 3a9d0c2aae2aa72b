// The test-only hook on the application clock: `POST /test/clock` moves the server's time forward
// (`{ "advanceMs": 60000 }` or `{ "now": "2030-01-07T13:30:05Z" }`), so a browser test sees a
// reminder fall due without waiting for it. The server registers it only when TEST_CLOCK is set
// outside production (env.ts refuses TEST_CLOCK in production; buildApp refuses it too).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** The system clock plus an offset that only grows, so leases and claims never see time go back. */
export interface TestClock {
  now: () => Date;
  /** Moves the clock forward to `target`; an earlier `target` is refused (returns false). */
  moveTo(target: Date): boolean;
}

export function createTestClock(): TestClock {
  let offsetMs = 0;
  const now = (): Date => new Date(Date.now() + offsetMs);
  return {
    now,
    moveTo(target) {
      const by = target.getTime() - now().getTime();
      if (by < 0) return false;
      offsetMs += by;
      return true;
    },
  };
}

/** A year: far enough for any journey, short of dates nobody means. */
const MAX_ADVANCE_MS = 366 * 86_400_000;

const moveBody = z.union([
  z.strictObject({ advanceMs: z.int().min(0).max(MAX_ADVANCE_MS) }),
  z.strictObject({ now: z.iso.datetime({ offset: true }) }),
]);

export function registerTestClock(app: FastifyInstance, clock: TestClock): void {
  // The reminder runner claims against this clock on every poll (each second by default), so
  // reminders due by the new time are delivered within about a second of the move.
  app.post('/test/clock', async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const parsed = moveBody.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'Send { "advanceMs": <milliseconds, 0 or more> } or { "now": "<ISO 8601 time>" }',
      });
    }
    const target =
      'advanceMs' in parsed.data
        ? new Date(clock.now().getTime() + parsed.data.advanceMs)
        : new Date(parsed.data.now);
    if (!clock.moveTo(target)) {
      return reply.code(409).send({
        error: 'The clock only moves forward',
        now: clock.now().toISOString(),
      });
    }
    return { now: clock.now().toISOString() };
  });
}
