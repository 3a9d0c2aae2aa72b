// Property: two users operating at the same time never observe or change each other's tasks or
// lists. Each user's operations run in order against a tiny in-memory model of that user's tasks
// and lists, while the other user's operations (including attempts on the first user's ids)
// interleave.
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
  listId: string | null;
}

type Model = Map<string, ModelTask>;

interface ModelList {
  name: string;
  version: number;
}

/** A user's lists, in position order (a Map keeps insertion order; deletes close the gap). */
type ListModel = Map<string, ModelList>;

type Op =
  | { kind: 'create'; title: string }
  | { kind: 'update'; pick: number; title: string; stale: boolean }
  | { kind: 'setCompleted'; pick: number; completed: boolean }
  | { kind: 'delete'; pick: number }
  | { kind: 'clearCompleted' }
  | { kind: 'list' }
  | { kind: 'stats' }
  | { kind: 'intrude'; pick: number; action: 'get' | 'update' | 'setCompleted' | 'delete' }
  | { kind: 'createList' }
  | { kind: 'moveTask'; pick: number; list: number }
  | { kind: 'renameList'; pick: number }
  | { kind: 'deleteList'; pick: number; tasks: 'move-to-inbox' | 'delete' }
  | { kind: 'lists' }
  | {
      kind: 'intrudeList';
      pick: number;
      action: 'update' | 'delete' | 'createTaskIn' | 'moveTaskIn' | 'filter';
    };

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
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('createList' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('moveTask' as const), pick, list: pick }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameList' as const), pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteList' as const),
      pick,
      tasks: fc.constantFrom('move-to-inbox' as const, 'delete' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lists' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('intrudeList' as const),
      pick,
      action: fc.constantFrom(
        'update' as const,
        'delete' as const,
        'createTaskIn' as const,
        'moveTaskIn' as const,
        'filter' as const,
      ),
    }),
  },
);

function chosen<T>(model: Map<string, T>, index: number): [string, T] | undefined {
  const entries = [...model.entries()];
  return entries.length === 0 ? undefined : entries[index % entries.length];
}

function asModel(tasks: readonly Task[]): Model {
  return new Map(
    tasks.map((task) => [
      task.id,
      { title: task.title, completed: task.completed, version: task.version, listId: task.listId },
    ]),
  );
}

async function expectMatches(user: SignedInTestUser, model: Model): Promise<void> {
  const page = await user.caller.tasks.list({ limit: 100 });
  expect(page.nextCursor).toBeNull();
  expect(asModel(page.items)).toEqual(model);
}

async function expectListsMatch(user: SignedInTestUser, { tasks, lists }: UserModel) {
  const listed = await user.caller.lists.list();
  expect(listed.map((list) => [list.id, { name: list.name, version: list.version }])).toEqual([
    ...lists,
  ]);
  expect(listed.map((list) => list.position)).toEqual(listed.map((_, index) => index));
  for (const list of listed) {
    const active = [...tasks.values()].filter((task) => task.listId === list.id && !task.completed);
    expect(list.activeCount).toBe(active.length);
  }
}

interface UserModel {
  tasks: Model;
  lists: ListModel;
  /** Names made so far, so each new list's name is new. */
  made: number;
}

/** The user's own model, and the other user's: read but never changed. */
interface Models {
  mine: UserModel;
  other: UserModel;
}

/** Runs one user's operations in order. */
async function run(user: SignedInTestUser, ops: readonly Op[], models: Models) {
  const mine = models.mine.tasks;
  const other = models.other.tasks;
  const myLists = models.mine.lists;
  const otherLists = models.other.lists;
  for (const step of ops) {
    switch (step.kind) {
      case 'create': {
        const task = await user.caller.tasks.create({ title: step.title });
        mine.set(task.id, { title: task.title, completed: false, version: 1, listId: null });
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
      case 'createList': {
        models.mine.made += 1;
        const list = await user.caller.lists.create({ name: `List ${models.mine.made}` });
        myLists.set(list.id, { name: list.name, version: 1 });
        break;
      }
      case 'moveTask': {
        const target = chosen(mine, step.pick);
        if (target === undefined) break;
        const [id, known] = target;
        // One pick in (lists + 1) is the Inbox.
        const index = step.list % (myLists.size + 1);
        const listId = index === myLists.size ? null : (chosen(myLists, index)?.[0] ?? null);
        const task = await user.caller.tasks.update({ id, version: known.version, listId });
        expect(task.listId).toBe(listId);
        mine.set(id, { ...known, listId, version: known.version + 1 });
        break;
      }
      case 'renameList': {
        const target = chosen(myLists, step.pick);
        if (target === undefined) break;
        const [id, known] = target;
        const name = `${known.name}*`;
        await user.caller.lists.update({ id, version: known.version, name });
        myLists.set(id, { name, version: known.version + 1 });
        break;
      }
      case 'deleteList': {
        const target = chosen(myLists, step.pick);
        if (target === undefined) break;
        const [listId] = target;
        await user.caller.lists.delete({ id: listId, tasks: step.tasks });
        myLists.delete(listId);
        for (const [id, task] of [...mine]) {
          if (task.listId !== listId) continue;
          if (step.tasks === 'delete') mine.delete(id);
          else mine.set(id, { ...task, listId: null, version: task.version + 1 });
        }
        break;
      }
      case 'lists':
        await expectListsMatch(user, models.mine);
        break;
      case 'intrudeList': {
        const target = chosen(otherLists, step.pick);
        if (target === undefined) break;
        const [listId, known] = target;
        if (step.action === 'filter') {
          // A filter on another person's list is NOT_FOUND, like a random id.
          for (const filtered of [
            () => user.caller.tasks.list({ listId }),
            () => user.caller.tasks.stats({ listId }),
          ]) {
            const error = await trpcError(filtered());
            expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
          }
          break;
        }
        if (step.action === 'moveTaskIn') {
          const mineTarget = chosen(mine, step.pick);
          if (mineTarget === undefined) break;
          const [id, task] = mineTarget;
          const error = await trpcError(
            user.caller.tasks.update({ id, version: task.version, listId }),
          );
          expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
          break;
        }
        const call =
          step.action === 'update'
            ? user.caller.lists.update({ id: listId, version: known.version, name: 'stolen' })
            : step.action === 'delete'
              ? user.caller.lists.delete({ id: listId, tasks: 'delete' })
              : user.caller.tasks.create({ title: 'planted', listId });
        const error = await trpcError(call);
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
        break;
      }
    }
  }
}

describeEachDatabase('task and list isolation (property)', (database) => {
  it('neither of two interleaved users ever observes or changes the other’s tasks or lists', async () => {
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
          const aliceModel: UserModel = { tasks: new Map(), lists: new Map(), made: 0 };
          const bobModel: UserModel = { tasks: new Map(), lists: new Map(), made: 0 };
          await Promise.all([
            run(alice, aliceOps, { mine: aliceModel, other: bobModel }),
            run(bob, bobOps, { mine: bobModel, other: aliceModel }),
          ]);
          await expectMatches(alice, aliceModel.tasks);
          await expectMatches(bob, bobModel.tasks);
          await expectListsMatch(alice, aliceModel);
          await expectListsMatch(bob, bobModel);
        },
      ),
      { numRuns: 20 },
    );
  });
});
