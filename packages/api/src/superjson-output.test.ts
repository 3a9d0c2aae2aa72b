import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { fetchTestServer } from './client/fetch-test-server';
import type { ApiServices } from './context';
import type { AppRouter } from './root';
import { markSharedOutput, serializeOutput } from './superjson-output';
import { createTestServices, signedInTestUser } from './testing';

type Serialized = ReturnType<typeof superjson.serialize>;

/** What a client gets: the serialized value through JSON, as on the wire. */
const overTheWire = (serialized: Serialized): Serialized =>
  JSON.parse(JSON.stringify(serialized)) as Serialized;

/** Both serializers must agree on the bytes of `json`, on `meta`, and on what the client rebuilds. */
function expectSameAsSuperjson(value: unknown): void {
  let expected: Serialized;
  try {
    expected = superjson.serialize(value);
  } catch (error) {
    // superjson refuses some values (e.g. a `__proto__` key); so must we, with its error.
    expect(() => serializeOutput(value)).toThrow((error as Error).message);
    return;
  }
  const actual = serializeOutput(value);
  expect(JSON.stringify(actual.json)).toBe(JSON.stringify(expected.json));
  expect(actual.meta).toEqual(expected.meta);
  expect(superjson.deserialize(overTheWire(actual))).toEqual(
    superjson.deserialize(overTheWire(expected)),
  );
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const key = fc.oneof(
  fc.string(),
  fc.constantFrom('a.b', 'x\\y', '.', '\\.', 'a\\.b', '..', 'items', '0', '__proto__'),
);
const plainLeaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
/** Values superjson annotates in ways the fast path leaves to superjson itself. */
const unusualLeaf = fc.oneof(
  fc.constantFrom(Number.NaN, -0, Infinity, -Infinity),
  fc.bigInt(),
  fc.date(),
  fc.constant(new Point(1, 2)),
  fc.constant(/tasks?/gi),
  fc.constant(new Map<unknown, unknown>([['due', new Date(0)]])),
  fc.constant(new Set([1, 'two', undefined])),
);

function valueOf(leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.letrec<{ node: unknown; list: unknown[]; record: Record<string, unknown> }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('record')),
    list: fc.array(tie('node'), { maxLength: 5 }),
    record: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  })).node;
}

describe('serializeOutput', () => {
  it('writes what superjson writes for plain values with Dates and undefined', () => {
    fc.assert(fc.property(valueOf(plainLeaf), expectSameAsSuperjson), { numRuns: 5_000 });
  });

  it('hands Map, Set, BigInt, NaN, -0, class instances and invalid Dates to superjson', () => {
    fc.assert(fc.property(valueOf(fc.oneof(plainLeaf, unusualLeaf)), expectSameAsSuperjson), {
      numRuns: 5_000,
    });
  });

  it('hands shared and circular references to superjson', () => {
    const dueAt = new Date('2026-12-01T10:00:00Z');
    const task = { id: 't1', dueAt, tags: ['a'] };
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    for (const value of [
      { first: task, second: task },
      [dueAt, dueAt],
      { items: [task], current: task.tags },
      circular,
    ]) {
      expectSameAsSuperjson(value);
    }
    expect(serializeOutput({ first: task, second: task }).meta?.referentialEqualities).toEqual({
      first: ['second'],
    });
  });

  it('writes a task page exactly as superjson does, down to the key order of meta', () => {
    const createdAt = new Date('2026-11-24T08:00:00.000Z');
    const task = (index: number) => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      title: `Task ${index}`,
      description: '',
      priority: 'medium',
      dueAt: index % 2 === 0 ? null : new Date(createdAt.getTime() + index),
      completedAt: undefined,
      createdAt: new Date(createdAt.getTime() - index),
      tags: ['home', 'a.b'],
      version: 1,
    });
    const page = { items: Array.from({ length: 50 }, (_, index) => task(index)), nextCursor: null };
    expect(JSON.stringify(serializeOutput(page))).toBe(JSON.stringify(superjson.serialize(page)));
    for (const value of [createdAt, undefined, null, 'text', 0, [], {}]) {
      expect(JSON.stringify(serializeOutput(value))).toBe(
        JSON.stringify(superjson.serialize(value)),
      );
    }
  });
});

// Error shapes (the error formatter's output) go through the same output transformer: the real
// tRPC client must still rebuild them, Dates included.
describeEachDatabase('errors written by serializeOutput', (database) => {
  let services: ApiServices;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;

  beforeAll(async () => {
    services = await createTestServices(database().db);
    const user = await signedInTestUser(services);
    const server = fetchTestServer(services);
    client = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: 'http://tasklane.test/api/trpc',
          transformer: superjson,
          headers: { authorization: `Bearer ${user.accessToken}` },
          fetch: server.fetch,
        }),
      ],
    });
  });

  afterAll(async () => {
    await services.close();
  });

  async function clientError(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
    try {
      await call;
    } catch (error) {
      if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
      throw error;
    }
    throw new Error('expected the call to fail');
  }

  it('rebuilds a CONFLICT with the current task (Dates included) in data.details', async () => {
    const dueAt = new Date('2026-12-24T18:00:00.000Z');
    const created = await client.tasks.create.mutate({ title: 'Wrap presents', dueAt });
    const updated = await client.tasks.update.mutate({
      id: created.id,
      version: created.version,
      title: 'Wrap all presents',
    });
    const error = await clientError(
      client.tasks.update.mutate({ id: created.id, version: created.version, title: 'Stale' }),
    );
    expect(error.data?.code).toBe('CONFLICT');
    expect(error.data?.httpStatus).toBe(409);
    const details = (error.data as { details?: { current?: { dueAt: unknown } } } | undefined)
      ?.details;
    expect(details?.current).toEqual(updated);
    expect(details?.current?.dueAt).toBeInstanceOf(Date);
  });

  it('rebuilds a BAD_REQUEST with zod field errors', async () => {
    const error = await clientError(client.tasks.create.mutate({ title: '' }));
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.data?.zodError?.fieldErrors ?? {})).toEqual(['title']);
  });
});

describe('values marked as sent to many', () => {
  it("are serialised once, to superjson's output, and other values every time", () => {
    const event = { type: 'upsert', task: { id: 't1', dueAt: new Date(0), note: undefined } };
    markSharedOutput(event);
    const first = serializeOutput(event);
    expect(overTheWire(first)).toEqual(overTheWire(superjson.serialize(event)));
    expect(serializeOutput(event)).toBe(first);

    const unmarked = { type: 'delete', id: 't1' };
    expect(serializeOutput(unmarked)).not.toBe(serializeOutput(unmarked));
  });
});
