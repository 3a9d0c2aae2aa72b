// Property: whatever cursor a client sends, tasks.list answers a page or BAD_REQUEST
// "Invalid cursor", never an internal error (a crafted key once reached the query and failed it).
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { ZodError } from 'zod';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { TASK_ORDERS, TASK_SORTS } from '../contract/task-rules';
import { twoUsers } from './task-test-support';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

// Instants over the whole of what JavaScript can write, the year 0000 and 5+ digit years included.
const instant = fc
  .date({ min: new Date(-62_198_755_200_000), max: new Date(8_640_000_000_000_000) })
  .filter((date) => !Number.isNaN(date.getTime()))
  .map((date) => date.toISOString());

// Every kind of value a key may hold, with the text ones reaching NUL and lone surrogates.
const keyPart = fc.oneof(
  instant,
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\uDC00', 'a', 'É'), maxLength: 8 }),
  fc.integer({ min: -5, max: 5 }),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

const payload = fc.record({
  v: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 1 })),
  s: fc.constantFrom(...TASK_SORTS),
  o: fc.constantFrom(...TASK_ORDERS),
  k: fc.array(keyPart, { minLength: 1, maxLength: 4 }),
});

/** A cursor text and the list call that reads it (same sort and order as the payload names). */
const cursorCall = fc.oneof(
  payload.map((p) => ({ sort: p.s, order: p.o, cursor: encode(p) })),
  fc
    .jsonValue()
    .map((value) => ({ sort: 'created' as const, order: 'desc' as const, cursor: encode(value) })),
  fc.string({ unit: 'binary', maxLength: 1100 }).map((cursor) => ({
    sort: 'title' as const,
    order: 'asc' as const,
    cursor,
  })),
);

const someId = '2f1b7c3e-5d4a-4b8e-9c6f-0a1b2c3d4e5f';

type CursorCall = typeof cursorCall extends fc.Arbitrary<infer T> ? T : never;

/** The crafted cursors an outside review answered with 500. */
const reported = [
  { sort: 'created', order: 'desc', k: ['0000-01-01T00:00:00.000Z', someId] },
  { sort: 'due', order: 'asc', k: ['0000-06-01T00:00:00.000Z', someId] },
  { sort: 'title', order: 'asc', k: ['a\u0000', someId] },
] as const;

function isInvalidCursor(error: unknown): boolean {
  if (!(error instanceof TRPCError) || error.code !== 'BAD_REQUEST') return false;
  if (error.message.startsWith('Invalid cursor')) return true;
  // The input schema's own limit (a cursor text over 1,024 characters), as a field error.
  return (
    error.cause instanceof ZodError &&
    error.cause.issues.every(
      (issue) => issue.path[0] === 'cursor' && issue.message === 'Invalid cursor',
    )
  );
}

describeEachDatabase('tasks.list cursor (property)', (database) => {
  it('answers any cursor with a page or BAD_REQUEST "Invalid cursor", never an internal error', async () => {
    const { alice } = await twoUsers(database().db);
    for (let i = 0; i < 3; i++) {
      await alice.caller.tasks.create({
        title: `Task ${i}`,
        dueAt: new Date(Date.UTC(2030, 0, i + 1)),
      });
    }
    await fc.assert(
      fc.asyncProperty(cursorCall, async (input) => {
        const page = await alice.caller.tasks
          .list({ ...input, limit: 2 })
          .catch((error: unknown) => {
            expect(isInvalidCursor(error), String(error)).toBe(true);
            return null;
          });
        if (page !== null) expect(page.items.length).toBeLessThanOrEqual(2);
      }),
      {
        numRuns: 300,
        examples: reported.map(({ sort, order, k }): [CursorCall] => [
          { sort, order, cursor: encode({ v: 1, s: sort, o: order, k }) },
        ]),
      },
    );
  }, 120_000);
});
