// Property: with several people changing their tasks at the same time through two instances, each
// stream carries only its person's events, and replaying them gives exactly that person's tasks,
// no id repeated and nothing missed, while each person's two streams per instance share log reads.
import { randomBytes } from 'node:crypto';

import fc from 'fast-check';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { callerFor, createTestServices, signedInTestUser } from '../testing';
import { openStream, replay, type OpenedStream } from './event-test-support';

type Op =
  | { kind: 'create'; on: number; title: string }
  | { kind: 'update'; on: number; pick: number; title: string }
  | { kind: 'setCompleted'; on: number; pick: number; completed: boolean }
  | { kind: 'delete'; on: number; pick: number }
  | { kind: 'clearCompleted'; on: number };

const on = fc.nat({ max: 1 });
const pick = fc.nat({ max: 20 });
const title = fc
  .string({ minLength: 1, maxLength: 10 })
  .filter((s) => s.trim() === s && s !== '' && !s.includes('\u0000'));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), on, title }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), on, pick, title }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setCompleted' as const),
      on,
      pick,
      completed: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), on, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clearCompleted' as const), on }) },
);

type Caller = ReturnType<typeof callerFor>['caller'];

async function run(callers: readonly Caller[], ops: readonly Op[]): Promise<void> {
  for (const step of ops) {
    const caller = callers[step.on] ?? callers[0];
    if (caller === undefined) return;
    const { items } = await caller.tasks.list({ limit: 100 });
    const target =
      items.length === 0 ? undefined : items[('pick' in step ? step.pick : 0) % items.length];
    switch (step.kind) {
      case 'create':
        await caller.tasks.create({ title: step.title });
        break;
      case 'update':
        if (target !== undefined) {
          await caller.tasks.update({ id: target.id, version: target.version, title: step.title });
        }
        break;
      case 'setCompleted':
        if (target !== undefined) {
          await caller.tasks.setCompleted({ id: target.id, completed: step.completed });
        }
        break;
      case 'delete':
        if (target !== undefined) await caller.tasks.delete({ id: target.id });
        break;
      case 'clearCompleted':
        await caller.tasks.clearCompleted();
        break;
    }
  }
}

describeEachDatabase('tasks.changes isolation (property)', (database) => {
  it('streams on two instances carry only their person’s events, in a replayable order', async () => {
    const authSecret = randomBytes(32);
    const instances: ApiServices[] = await Promise.all(
      [0, 1].map(() =>
        createTestServices(database().db, {}, { authSecret, notifications: database() }),
      ),
    );
    const [a, b] = instances;
    if (a === undefined || b === undefined) throw new Error('two instances');
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(op, { maxLength: 10 }), { minLength: 2, maxLength: 3 }),
          async (plans) => {
            const people = await Promise.all(plans.map(() => signedInTestUser(a)));
            const streams: OpenedStream[][] = await Promise.all(
              people.map((person) =>
                // Two per instance: a person's streams on one instance share their log reads.
                Promise.all(
                  instances.flatMap((services) => [
                    openStream(services, person.accessToken),
                    openStream(services, person.accessToken),
                  ]),
                ),
              ),
            );
            try {
              await Promise.all(streams.flat().map((s) => s.until((events) => events.length > 0)));
              await Promise.all(
                people.map((person, index) =>
                  run(
                    instances.map(
                      (services) =>
                        callerFor(services, { authorization: `Bearer ${person.accessToken}` })
                          .caller,
                    ),
                    plans[index] ?? [],
                  ),
                ),
              );
              // A last change per person: once a stream has it, it has everything before it.
              const markers = await Promise.all(
                people.map((person) => person.caller.tasks.create({ title: 'marker' })),
              );
              for (const [index, person] of people.entries()) {
                const marker = markers[index];
                const { items } = await person.caller.tasks.list({ limit: 100 });
                const expected = new Map(items.map((task) => [task.id, task]));
                for (const stream of streams[index] ?? []) {
                  await stream.until((events) =>
                    events.some((e) => e.event.type === 'upsert' && e.event.task.id === marker?.id),
                  );
                  const ids = stream.events.map((event) => Number(event.id));
                  expect(new Set(ids).size).toBe(ids.length);
                  expect(ids).toEqual([...ids].sort((x, y) => x - y));
                  expect(replay(stream.events)).toEqual(expected);
                }
              }
            } finally {
              await Promise.all(streams.flat().map((s) => s.close()));
            }
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      await Promise.all(instances.map((services) => services.close()));
    }
  });
});
