// Property: two users operating at the same time never observe or change each other's tasks.
// Each user's operations run in order against a tiny in-memory model of that user's tasks,
// while the other user's operations (including attempts on the first user's ids) interleave.
import fc from 'fast-check';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { signedInTestUser, type SignedInTestUser } from '../testing';
import { ExposedError } from '../trpc';
import type { Task } from './task';
import { trpcError, twoUsers } from './task-test-support';

interface ModelTask {
  title: string;
  completed: boolean;
  version: number;
}

type Model = Map<string, ModelTask>;

type Op =
  | { kind: 'create'; title: string }
  | { kind: 'update'; pick: number; title: string; stale: boolean }
  | { kind: 'setCompleted'; pick: number; completed: boolean }
  | { kind: 'delete'; pick: number }
  | { kind: 'clearCompleted' }
  | { kind: 'list' }
  | { kind: 'stats' }
  | { kind: 'intrude'; pick: number; action: 'get' | 'update' | 'setCompleted' | 'delete' };

const title = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((s) => s.trim() !== '' && !s.includes('\u0000'));
const pick = fc.nat({ max: 50 });

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), title }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      pick,
      title,
      stale: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setCompleted' as const),
      pick,
      completed: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clearCompleted' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('list' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stats' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('intrude' as const),
      pick,
      action: fc.constantFrom(
        'get' as const,
        'update' as const,
        'setCompleted' as const,
        'delete' as const,
      ),
    }),
  },
);

function chosen(model: Model, index: number): [string, ModelTask] | undefined {
  const entries = [...model.entries()];
  return entries.length === 0 ? undefined : entries[index % entries.length];
}

function asModel(tasks: readonly Task[]): Model {
  return new Map(
    tasks.map((task) => [
      task.id,
      { title: task.title, completed: task.completed, version: task.version },
    ]),
  );
}

async function expectMatches(user: SignedInTestUser, model: Model): Promise<void> {
  const page = await user.caller.tasks.list({ limit: 100 });
  expect(page.nextCursor).toBeNull();
  expect(asModel(page.items)).toEqual(model);
}

/** The user's own model, and the other user's: read but never changed. */
interface Models {
  mine: Model;
  other: Model;
}

/** Runs one user's operations in order. */
async function run(user: SignedInTestUser, ops: readonly Op[], { mine, other }: Models) {
  for (const step of ops) {
    switch (step.kind) {
      case 'create': {
        const task = await user.caller.tasks.create({ title: step.title });
        mine.set(task.id, { title: task.title, completed: false, version: 1 });
        break;
      }
      case 'update': {
        const target = chosen(mine, step.pick);
        if (target === undefined) break;
        const [id, known] = target;
        if (step.stale && known.version > 1) {
          const error = await trpcError(
            user.caller.tasks.update({ id, version: known.version - 1, title: step.title }),
          );
          expect(error).toBeInstanceOf(ExposedError);
          expect(error.code).toBe('CONFLICT');
          break;
        }
        const task = await user.caller.tasks.update({
          id,
          version: known.version,
          title: step.title,
        });
        mine.set(id, { ...known, title: task.title, version: known.version + 1 });
        break;
      }
      case 'setCompleted': {
        const target = chosen(mine, step.pick);
        if (target === undefined) break;
        const [id, known] = target;
        await user.caller.tasks.setCompleted({ id, completed: step.completed });
        if (known.completed !== step.completed) {
          mine.set(id, { ...known, completed: step.completed, version: known.version + 1 });
        }
        break;
      }
      case 'delete': {
        const target = chosen(mine, step.pick);
        if (target === undefined) break;
        await user.caller.tasks.delete({ id: target[0] });
        mine.delete(target[0]);
        break;
      }
      case 'clearCompleted': {
        const done = [...mine].filter(([, task]) => task.completed).map(([id]) => id);
        expect(await user.caller.tasks.clearCompleted()).toEqual({ deleted: done.length });
        for (const id of done) mine.delete(id);
        break;
      }
      case 'list':
        await expectMatches(user, mine);
        break;
      case 'stats': {
        const completed = [...mine.values()].filter((task) => task.completed).length;
        expect(await user.caller.tasks.stats()).toEqual({
          total: mine.size,
          active: mine.size - completed,
          completed,
          overdue: 0,
          dueToday: 0,
        });
        break;
      }
      case 'intrude': {
        const target = chosen(other, step.pick);
        if (target === undefined) break;
        const [id, known] = target;
        if (step.action === 'delete') {
          // Same answer as for any id; the task must survive (checked by the owner's lists).
          expect(await user.caller.tasks.delete({ id })).toEqual({ id });
          break;
        }
        const call =
          step.action === 'get'
            ? user.caller.tasks.get({ id })
            : step.action === 'update'
              ? user.caller.tasks.update({ id, version: known.version, title: 'stolen' })
              : user.caller.tasks.setCompleted({ id, completed: !known.completed });
        const error = await trpcError(call);
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Task not found']);
        break;
      }
    }
  }
}

describeEachDatabase('task isolation (property)', (database) => {
  it('neither of two interleaved users ever observes or changes the other’s tasks', async () => {
    const { services } = await twoUsers(database().db);
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 14 }),
        fc.array(op, { maxLength: 14 }),
        async (aliceOps, bobOps) => {
          const [alice, bob] = await Promise.all([
            signedInTestUser(services),
            signedInTestUser(services),
          ]);
          const aliceModel: Model = new Map();
          const bobModel: Model = new Map();
          await Promise.all([
            run(alice, aliceOps, { mine: aliceModel, other: bobModel }),
            run(bob, bobOps, { mine: bobModel, other: aliceModel }),
          ]);
          await expectMatches(alice, aliceModel);
          await expectMatches(bob, bobModel);
        },
      ),
      { numRuns: 20 },
    );
  });
});
