// Tasks in lists: listId on create and update, and the listId filter of tasks.list and stats.
import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import { describeEachDatabase } from '@tasklane/db/testing';

import { taskCount, trpcError, twoUsers } from '../tasks/task-test-support';

describeEachDatabase('tasks in lists', (database) => {
  describe('create and update with listId', () => {
    it('creates a task in a list, in the Inbox by default, and moves it between them', async () => {
      const { alice } = await twoUsers(database().db);
      const home = await alice.caller.lists.create({ name: 'Home' });
      const work = await alice.caller.lists.create({ name: 'Work' });
      const inbox = await alice.caller.tasks.create({ title: 'Loose' });
      expect(inbox.listId).toBeNull();
      const task = await alice.caller.tasks.create({ title: 'Sweep', listId: home.id });
      expect(task.listId).toBe(home.id);
      const moved = await alice.caller.tasks.update({ id: task.id, version: 1, listId: work.id });
      expect(moved).toMatchObject({ listId: work.id, version: 2 });
      const back = await alice.caller.tasks.update({ id: task.id, version: 2, listId: null });
      expect(back).toMatchObject({ listId: null, version: 3 });
    });

    it('answers NOT_FOUND “List not found” for another person’s list and a random id; nothing is stored', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.lists.create({ name: 'Private' });
      for (const listId of [hers.id, randomUUID()]) {
        const error = await trpcError(bob.caller.tasks.create({ title: 'x', listId }));
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
      }
      expect(await taskCount(database().db, bob.userId)).toBe(0);

      const mine = await bob.caller.tasks.create({ title: 'Mine' });
      for (const listId of [hers.id, randomUUID()]) {
        const error = await trpcError(
          bob.caller.tasks.update({ id: mine.id, version: 1, listId, title: 'changed' }),
        );
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
      }
      expect(await bob.caller.tasks.get({ id: mine.id })).toEqual(mine);
      const [list] = await alice.caller.lists.list();
      expect(list?.activeCount).toBe(0);
    });

    it('a retried create with a client id answers the task, whatever list the retry names', async () => {
      const { alice } = await twoUsers(database().db);
      const home = await alice.caller.lists.create({ name: 'Home' });
      const id = randomUUID();
      const first = await alice.caller.tasks.create({ id, title: 'Once', listId: home.id });
      expect(await alice.caller.tasks.create({ id, title: 'Once', listId: null })).toEqual(first);
    });

    it('refuses a malformed list id with a field error', async () => {
      const { alice } = await twoUsers(database().db);
      const error = await trpcError(alice.caller.tasks.create({ title: 'x', listId: 'home' }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(ZodError);
    });
  });

  describe('the listId filter', () => {
    async function sorted() {
      const { alice, bob } = await twoUsers(database().db);
      const home = await alice.caller.lists.create({ name: 'Home' });
      const work = await alice.caller.lists.create({ name: 'Work' });
      const overdue = new Date(Date.now() - 3 * 86_400_000);
      const sweep = await alice.caller.tasks.create({
        title: 'Sweep',
        listId: home.id,
        dueAt: overdue,
      });
      const cook = await alice.caller.tasks.create({ title: 'Cook', listId: home.id });
      await alice.caller.tasks.setCompleted({ id: cook.id, completed: true });
      const report = await alice.caller.tasks.create({ title: 'Report', listId: work.id });
      const loose = await alice.caller.tasks.create({ title: 'Loose', dueAt: overdue });
      return { alice, bob, home, work, sweep, cook, report, loose };
    }

    const titles = (items: readonly { title: string }[]) => items.map((task) => task.title).sort();

    it('lists one list’s tasks, or the Inbox’s with null, or every task without it', async () => {
      const { alice, home, work } = await sorted();
      expect(titles((await alice.caller.tasks.list({ listId: home.id })).items)).toEqual([
        'Cook',
        'Sweep',
      ]);
      expect(titles((await alice.caller.tasks.list({ listId: work.id })).items)).toEqual([
        'Report',
      ]);
      expect(titles((await alice.caller.tasks.list({ listId: null })).items)).toEqual(['Loose']);
      expect((await alice.caller.tasks.list({})).items).toHaveLength(4);
      expect(
        titles((await alice.caller.tasks.list({ listId: home.id, status: 'active' })).items),
      ).toEqual(['Sweep']);
    });

    it('counts one list, or the Inbox, in stats', async () => {
      const { alice, home } = await sorted();
      expect(await alice.caller.tasks.stats({ listId: home.id })).toEqual({
        total: 2,
        active: 1,
        completed: 1,
        overdue: 1,
        dueToday: 0,
      });
      expect(await alice.caller.tasks.stats({ listId: null })).toMatchObject({
        total: 1,
        overdue: 1,
      });
      expect(await alice.caller.tasks.stats()).toMatchObject({ total: 4, overdue: 2 });
    });

    it('answers NOT_FOUND “List not found” for another person’s list and a random id', async () => {
      const { bob, home } = await sorted();
      await bob.caller.tasks.create({ title: 'Bob’s' });
      for (const listId of [home.id, randomUUID()]) {
        for (const call of [
          () => bob.caller.tasks.list({ listId }),
          () => bob.caller.tasks.list({ listId, status: 'completed', search: 'nothing like it' }),
          () => bob.caller.tasks.stats({ listId }),
        ]) {
          const error = await trpcError(call());
          expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
        }
      }
    });

    it('answers NOT_FOUND for a list deleted since, and nothing for an own list with no match', async () => {
      const { alice, home, work } = await sorted();
      const empty = await alice.caller.lists.create({ name: 'Empty' });
      expect(await alice.caller.tasks.list({ listId: empty.id })).toEqual({
        items: [],
        nextCursor: null,
      });
      expect(await alice.caller.tasks.stats({ listId: empty.id })).toEqual({
        total: 0,
        active: 0,
        completed: 0,
        overdue: 0,
        dueToday: 0,
      });
      const none = await alice.caller.tasks.list({ listId: home.id, search: 'nothing like it' });
      expect(none.items).toEqual([]);

      await alice.caller.lists.delete({ id: work.id, tasks: 'move-to-inbox' });
      for (const call of [
        () => alice.caller.tasks.list({ listId: work.id }),
        () => alice.caller.tasks.stats({ listId: work.id }),
      ]) {
        const error = await trpcError(call());
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
      }
      // The Inbox is never NOT_FOUND, also empty.
      await alice.caller.lists.delete({ id: home.id, tasks: 'delete' });
      await alice.caller.tasks.clearCompleted();
      expect((await alice.caller.tasks.list({ listId: null, status: 'completed' })).items).toEqual(
        [],
      );
    });
  });
});
