import { randomUUID } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import { describeEachDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { openStream, replay, type OpenedStream } from '../events/event-test-support';
import { createTestServices, callerFor, signedInTestUser } from '../testing';
import { taskCount, trpcError, twoUsers } from '../tasks/task-test-support';
import { ExposedError } from '../trpc';
import type { List } from './list';
import { listScope } from './list-scope';

const LIST_KEYS = ['activeCount', 'color', 'createdAt', 'id', 'name', 'position', 'version'];

async function listCount(services: ApiServices, userId: string): Promise<number> {
  return (await listScope(services.db, userId).list()).length;
}

describeEachDatabase('lists router', (database) => {
  describe('create and list', () => {
    it('creates lists at the end, in position order, with the public shape and no userId', async () => {
      const { alice } = await twoUsers(database().db);
      const home = await alice.caller.lists.create({ name: '  Home  ' });
      const work = await alice.caller.lists.create({ name: 'Work', color: 'blue' });
      expect(Object.keys(home).sort()).toEqual(LIST_KEYS);
      expect(home).toMatchObject({ name: 'Home', color: 'gray', position: 0, version: 1 });
      expect(work).toMatchObject({ name: 'Work', color: 'blue', position: 1, activeCount: 0 });
      expect(home.createdAt).toBeInstanceOf(Date);
      expect(await alice.caller.lists.list()).toEqual([home, work]);
    });

    it('counts each list’s active tasks only', async () => {
      const { alice } = await twoUsers(database().db);
      const home = await alice.caller.lists.create({ name: 'Home' });
      await alice.caller.tasks.create({ title: 'a', listId: home.id });
      const done = await alice.caller.tasks.create({ title: 'b', listId: home.id });
      await alice.caller.tasks.setCompleted({ id: done.id, completed: true });
      await alice.caller.tasks.create({ title: 'inbox' });
      const [listed] = await alice.caller.lists.list();
      expect(listed?.activeCount).toBe(1);
    });

    it('is idempotent with a client id: a retry (also in parallel) makes one list', async () => {
      const { services, alice } = await twoUsers(database().db);
      const id = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => alice.caller.lists.create({ id, name: 'Once' })),
      );
      for (const list of results) expect(list).toEqual(results[0]);
      // A retry with other fields answers the list as it is.
      expect(await alice.caller.lists.create({ id, name: 'Other', color: 'red' })).toEqual(
        results[0],
      );
      expect(await listCount(services, alice.userId)).toBe(1);
    });

    it('answers CONFLICT for an id held by another person’s list, and changes nothing', async () => {
      const { services, alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.lists.create({ name: 'Private' });
      const error = await trpcError(bob.caller.lists.create({ id: hers.id, name: 'Mine' }));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).not.toContain('Private');
      expect(await listCount(services, bob.userId)).toBe(0);
      expect(await alice.caller.lists.list()).toEqual([hers]);
    });

    it('refuses a name the person already has, whatever its case, as a field error', async () => {
      const { services, alice, bob } = await twoUsers(database().db);
      await alice.caller.lists.create({ name: 'Groceries' });
      const error = await trpcError(alice.caller.lists.create({ name: ' GROCERIES ' }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(ZodError);
      if (!(error.cause instanceof ZodError)) return;
      expect(error.cause.issues.map((issue) => issue.path)).toEqual([['name']]);
      expect(await listCount(services, alice.userId)).toBe(1);
      // Names are per person.
      await expect(bob.caller.lists.create({ name: 'groceries' })).resolves.toMatchObject({
        name: 'groceries',
      });
    });

    it('compares names case-insensitively beyond ASCII', async () => {
      const { alice } = await twoUsers(database().db);
      await alice.caller.lists.create({ name: 'Études' });
      const error = await trpcError(alice.caller.lists.create({ name: 'ÉTUDES' }));
      expect(error.code).toBe('BAD_REQUEST');
    });

    it.each([
      ['an empty name', { name: '   ' }],
      ['a 101-character name', { name: 'x'.repeat(101) }],
      ['an unknown colour', { name: 'ok', color: 'magenta' }],
      ['an unknown field', { name: 'ok', userId: randomUUID() }],
      ['a malformed id', { name: 'ok', id: 'nope' }],
      ['a null character', { name: 'a\u0000' }],
      ['only invisible characters', { name: '\u200b\u200d' }],
    ])(
      'refuses a create with %s (BAD_REQUEST, zod errors) and stores nothing',
      async (_, input) => {
        const { services, alice } = await twoUsers(database().db);
        // @ts-expect-error -- deliberately invalid input, as a client could send over HTTP
        const error = await trpcError(alice.caller.lists.create(input));
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.cause).toBeInstanceOf(ZodError);
        expect(await listCount(services, alice.userId)).toBe(0);
      },
    );

    it('accepts a 100-character name after trimming', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: ` ${'n'.repeat(100)} ` });
      expect(list.name).toHaveLength(100);
    });

    it('holds at most the limit of lists, also under parallel creates (FORBIDDEN)', async () => {
      const services = await createTestServices(database().db);
      const alice = await signedInTestUser(services);
      const scope = listScope(services.db, alice.userId, { maxLists: 3 });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => scope.create({ name: `L${i}`, color: 'gray' })),
      );
      expect(results.filter((result) => result.status === 'created')).toHaveLength(3);
      expect(results.filter((result) => result.status === 'limit-reached')).toHaveLength(3);
      expect((await scope.list()).map((list) => list.position)).toEqual([0, 1, 2]);
    });

    it('tells the person the limit of 200 lists when it is reached', async () => {
      const { services, alice } = await twoUsers(database().db);
      await services.db
        .insertInto('lists')
        .values(
          Array.from({ length: 200 }, (_, i) => ({
            user_id: alice.userId,
            name: `List ${i}`,
            position: i,
          })),
        )
        .execute();
      const error = await trpcError(alice.caller.lists.create({ name: 'One more' }));
      expect([error.code, error.message]).toEqual([
        'FORBIDDEN',
        'You have reached the limit of 200 lists. Delete a list to add another.',
      ]);
      expect(await listCount(services, alice.userId)).toBe(200);
    });

    it('refuses an unauthenticated caller', async () => {
      const { services } = await twoUsers(database().db);
      const { caller } = callerFor(services);
      expect((await trpcError(caller.lists.list())).code).toBe('UNAUTHORIZED');
      expect((await trpcError(caller.lists.create({ name: 'x' }))).code).toBe('UNAUTHORIZED');
    });
  });

  describe('update', () => {
    it('renames and recolours, one version up', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: 'Home' });
      const renamed = await alice.caller.lists.update({
        id: list.id,
        version: 1,
        name: 'House',
        color: 'green',
      });
      expect(renamed).toMatchObject({ name: 'House', color: 'green', version: 2, position: 0 });
    });

    it('moves a list to a position, the others close up, past the end is last', async () => {
      const { alice } = await twoUsers(database().db);
      const made: List[] = [];
      for (const name of ['A', 'B', 'C', 'D']) made.push(await alice.caller.lists.create({ name }));
      const [a, b, c, d] = made;
      if (a === undefined || b === undefined || c === undefined || d === undefined) return;
      const names = async () => (await alice.caller.lists.list()).map((list) => list.name);
      await alice.caller.lists.update({ id: d.id, version: 1, position: 0 });
      expect(await names()).toEqual(['D', 'A', 'B', 'C']);
      await alice.caller.lists.update({ id: a.id, version: 1, position: 2 });
      expect(await names()).toEqual(['D', 'B', 'A', 'C']);
      const moved = await alice.caller.lists.update({ id: b.id, version: 1, position: 99 });
      expect(moved.position).toBe(3);
      expect(await names()).toEqual(['D', 'A', 'C', 'B']);
      expect((await alice.caller.lists.list()).map((list) => list.position)).toEqual([0, 1, 2, 3]);
    });

    it('answers CONFLICT with the current list for a stale version, and changes nothing', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: 'Home' });
      const current = await alice.caller.lists.update({ id: list.id, version: 1, name: 'House' });
      const error = await trpcError(
        alice.caller.lists.update({ id: list.id, version: 1, name: 'Flat' }),
      );
      expect(error).toBeInstanceOf(ExposedError);
      expect(error.code).toBe('CONFLICT');
      if (error instanceof ExposedError) expect(error.details).toEqual({ current });
      expect(await alice.caller.lists.list()).toEqual([current]);
    });

    it('of concurrent updates naming one version, exactly one succeeds', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: 'Home' });
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          alice.caller.lists.update({ id: list.id, version: 1, name: `Name ${i}` }),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const [now] = await alice.caller.lists.list();
      expect(now?.version).toBe(2);
    });

    it('refuses a rename to another list’s name (any case) as a field error', async () => {
      const { alice } = await twoUsers(database().db);
      await alice.caller.lists.create({ name: 'Home' });
      const work = await alice.caller.lists.create({ name: 'Work' });
      const error = await trpcError(
        alice.caller.lists.update({ id: work.id, version: 1, name: 'home' }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(ZodError);
      // Renaming a list to its own name in another case is fine.
      const same = await alice.caller.lists.update({ id: work.id, version: 1, name: 'WORK' });
      expect(same.name).toBe('WORK');
    });

    it('answers the same NOT_FOUND for another person’s list and a random id, whatever the version', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.lists.create({ name: 'Private' });
      const foreign = await trpcError(
        bob.caller.lists.update({ id: hers.id, version: 1, name: 'Stolen' }),
      );
      const stale = await trpcError(
        bob.caller.lists.update({ id: hers.id, version: 7, name: 'Stolen' }),
      );
      const random = await trpcError(
        bob.caller.lists.update({ id: randomUUID(), version: 1, name: 'Stolen' }),
      );
      for (const error of [foreign, stale, random]) {
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'List not found']);
      }
      expect(await alice.caller.lists.list()).toEqual([hers]);
    });

    it('refuses an update with nothing to change', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: 'Home' });
      const error = await trpcError(alice.caller.lists.update({ id: list.id, version: 1 }));
      expect(error.code).toBe('BAD_REQUEST');
    });
  });

  describe('delete', () => {
    const streams: OpenedStream[] = [];
    afterEach(async () => {
      await Promise.all(streams.splice(0).map((stream) => stream.close()));
    });

    async function listWithTasks() {
      const services = await createTestServices(database().db, {}, { notifications: database() });
      const alice = await signedInTestUser(services);
      const home = await alice.caller.lists.create({ name: 'Home' });
      const work = await alice.caller.lists.create({ name: 'Work' });
      const inHome = [
        await alice.caller.tasks.create({ title: 'Sweep', listId: home.id }),
        await alice.caller.tasks.create({ title: 'Cook', listId: home.id }),
      ];
      const inWork = await alice.caller.tasks.create({ title: 'Report', listId: work.id });
      const inbox = await alice.caller.tasks.create({ title: 'Loose' });
      const stream = await openStream(services, alice.accessToken);
      streams.push(stream);
      await stream.until((events) => events.length >= 1);
      return { services, alice, home, work, inHome, inWork, inbox, stream };
    }

    it('moves the list’s tasks to the Inbox (one version up, upsert events) and closes the gap', async () => {
      const { alice, home, work, inHome, inWork, inbox, stream } = await listWithTasks();
      expect(await alice.caller.lists.delete({ id: home.id, tasks: 'move-to-inbox' })).toEqual({
        id: home.id,
        tasks: 2,
      });
      const tasks = (await alice.caller.tasks.list({})).items;
      expect(tasks).toHaveLength(4);
      for (const task of inHome) {
        expect(tasks.find((t) => t.id === task.id)).toMatchObject({ listId: null, version: 2 });
      }
      expect(tasks.find((t) => t.id === inWork.id)).toEqual(inWork);
      expect(tasks.find((t) => t.id === inbox.id)).toEqual(inbox);
      expect(await alice.caller.lists.list()).toEqual([{ ...work, position: 0, activeCount: 1 }]);
      await stream.until((events) => events.length >= 3);
      const seen = replay(stream.events);
      for (const task of inHome) expect(seen.get(task.id)).toMatchObject({ listId: null });
    });

    it('deletes the list’s tasks with it (delete events), and only those', async () => {
      const { services, alice, home, inHome, inWork, inbox, stream } = await listWithTasks();
      expect(await alice.caller.lists.delete({ id: home.id, tasks: 'delete' })).toEqual({
        id: home.id,
        tasks: 2,
      });
      const left = (await alice.caller.tasks.list({})).items.map((task) => task.id).sort();
      expect(left).toEqual([inWork.id, inbox.id].sort());
      expect(await taskCount(services.db, alice.userId)).toBe(2);
      await stream.until((events) => events.length >= 3);
      expect(
        stream.events.flatMap(({ event }) => (event.type === 'delete' ? [event.id] : [])).sort(),
      ).toEqual(inHome.map((task) => task.id).sort());
    });

    it('answers NOT_FOUND for another person’s list, a random id and a second delete; nothing changes', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.lists.create({ name: 'Private' });
      const task = await alice.caller.tasks.create({ title: 'Kept', listId: hers.id });
      for (const tasks of ['delete', 'move-to-inbox'] as const) {
        const foreign = await trpcError(bob.caller.lists.delete({ id: hers.id, tasks }));
        const random = await trpcError(bob.caller.lists.delete({ id: randomUUID(), tasks }));
        expect([foreign.code, foreign.message]).toEqual(['NOT_FOUND', 'List not found']);
        expect([random.code, random.message]).toEqual([foreign.code, foreign.message]);
      }
      expect(await alice.caller.tasks.get({ id: task.id })).toEqual(task);
      await alice.caller.lists.delete({ id: hers.id, tasks: 'delete' });
      const again = await trpcError(alice.caller.lists.delete({ id: hers.id, tasks: 'delete' }));
      expect(again.code).toBe('NOT_FOUND');
    });

    it('refuses an unknown choice for the tasks', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: 'Home' });
      // @ts-expect-error -- deliberately invalid input
      const error = await trpcError(alice.caller.lists.delete({ id: list.id, tasks: 'keep' }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(await alice.caller.lists.list()).toHaveLength(1);
    });

    it('a task moved into a list while it is deleted is never left in a missing list', async () => {
      const { alice } = await twoUsers(database().db);
      const list = await alice.caller.lists.create({ name: 'Home' });
      const task = await alice.caller.tasks.create({ title: 'Racing' });
      const [deleted, moved] = await Promise.allSettled([
        alice.caller.lists.delete({ id: list.id, tasks: 'move-to-inbox' }),
        alice.caller.tasks.update({ id: task.id, version: 1, listId: list.id }),
      ]);
      expect(deleted.status).toBe('fulfilled');
      const now = await alice.caller.tasks.get({ id: task.id });
      // Either the move lost (NOT_FOUND) or it won and the delete moved the task back out.
      expect(now.listId).toBeNull();
      if (moved.status === 'rejected') {
        expect(moved.reason).toMatchObject({ code: 'NOT_FOUND', message: 'List not found' });
      }
    });
  });
});
