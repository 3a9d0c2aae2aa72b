import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import { describeEachDatabase } from '@tasklane/db/testing';

import { callerFor } from '../testing';
import { ExposedError } from '../trpc';
import type { Task } from './task';
import { checkedWrite, inTimeZone } from './task-errors';
import { taskScope } from './task-scope';
import { taskCount, trpcError, twoUsers } from './task-test-support';

const TASK_KEYS = [
  'completed',
  'completedAt',
  'createdAt',
  'description',
  'dueAt',
  'id',
  'listId',
  'priority',
  'recurrence',
  'tags',
  'title',
  'updatedAt',
  'version',
];

describeEachDatabase('tasks router', (database) => {
  describe('create and get', () => {
    it('creates a task with defaults and answers the public shape, without userId', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({ title: '  Buy milk  ' });
      expect(Object.keys(task).sort()).toEqual(TASK_KEYS);
      expect(task).toMatchObject({
        title: 'Buy milk',
        description: '',
        completed: false,
        priority: 'medium',
        dueAt: null,
        tags: [],
        completedAt: null,
        version: 1,
      });
      expect(task.createdAt).toBeInstanceOf(Date);
      expect(task.updatedAt).toBeInstanceOf(Date);
      expect(await alice.caller.tasks.get({ id: task.id })).toEqual(task);
    });

    it('stores every field as given, tags normalised', async () => {
      const { alice } = await twoUsers(database().db);
      const dueAt = new Date('2030-05-06T07:08:09.123Z');
      const task = await alice.caller.tasks.create({
        title: 'Report',
        description: 'Quarterly, with "quotes" and 100% of the numbers',
        priority: 'high',
        dueAt,
        tags: [' Work ', 'work', 'Q2', 'a,b{c}"d\\e'],
      });
      expect(task).toMatchObject({
        description: 'Quarterly, with "quotes" and 100% of the numbers',
        priority: 'high',
        dueAt,
        tags: ['work', 'q2', 'a,b{c}"d\\e'],
      });
      expect(await alice.caller.tasks.get({ id: task.id })).toEqual(task);
    });

    it('answers the same NOT_FOUND for another user’s task and for a random id', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.tasks.create({ title: 'Private' });
      const foreign = await trpcError(bob.caller.tasks.get({ id: hers.id }));
      const random = await trpcError(bob.caller.tasks.get({ id: randomUUID() }));
      expect([foreign.code, foreign.message]).toEqual(['NOT_FOUND', 'Task not found']);
      expect([random.code, random.message]).toEqual([foreign.code, foreign.message]);
    });

    it('refuses an unauthenticated caller and changes nothing', async () => {
      const { services, alice } = await twoUsers(database().db);
      const { caller } = callerFor(services);
      const error = await trpcError(caller.tasks.create({ title: 'Sneaky' }));
      expect(error.code).toBe('UNAUTHORIZED');
      expect(await taskCount(database().db, alice.userId)).toBe(0);
    });
  });

  describe('validation', () => {
    it.each([
      ['an empty title', { title: '   ' }],
      ['a 201-character title', { title: 'x'.repeat(201) }],
      ['a 5,001-character description', { title: 'ok', description: 'x'.repeat(5001) }],
      ['an unknown priority', { title: 'ok', priority: 'urgent' }],
      ['21 tags', { title: 'ok', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
      ['a 33-character tag', { title: 'ok', tags: ['x'.repeat(33)] }],
      ['an empty tag', { title: 'ok', tags: ['  '] }],
      ['an unknown field', { title: 'ok', userId: randomUUID() }],
      ['a malformed id', { title: 'ok', id: 'not-a-uuid' }],
      ['a null character', { title: 'nul\u0000' }],
      ['a lone surrogate in the title', { title: 'cut \uD83D' }],
      ['a lone surrogate in the description', { title: 'ok', description: '\uDE00' }],
      ['a lone surrogate in a tag', { title: 'ok', tags: ['t\uD800'] }],
      ['a due date that is not a date', { title: 'ok', dueAt: '2030-01-01' }],
    ])(
      'rejects a create with %s (BAD_REQUEST, zod errors) and stores nothing',
      async (_, input) => {
        const { alice } = await twoUsers(database().db);
        // @ts-expect-error -- deliberately invalid input, as a client could send over HTTP
        const error = await trpcError(alice.caller.tasks.create(input));
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.cause).toBeInstanceOf(ZodError);
        expect(await taskCount(database().db, alice.userId)).toBe(0);
      },
    );

    it('accepts the limits exactly: 200-character title, 5,000-character description, 20 tags of 32', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({
        title: 't'.repeat(200),
        description: 'd'.repeat(5000),
        tags: Array.from(
          { length: 20 },
          (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(30)}`,
        ),
      });
      expect(task.title).toHaveLength(200);
      expect(task.tags).toHaveLength(20);
    });

    it('answers BAD_REQUEST, not a server error, when a table constraint refuses a write', async () => {
      const { alice } = await twoUsers(database().db);
      const write = database()
        .db.insertInto('tasks')
        .values({ user_id: alice.userId, title: ' untrimmed ' })
        .execute();
      const error = await trpcError(checkedWrite(write));
      expect([error.code, error.message]).toEqual([
        'BAD_REQUEST',
        'The task has an invalid field.',
      ]);
    });

    it('rejects an update with an unknown field or no change, leaving the task as it was', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({ title: 'Keep me' });
      const unknown = await trpcError(
        // @ts-expect-error -- deliberately invalid input
        alice.caller.tasks.update({ id: task.id, version: 1, title: 'New', userId: randomUUID() }),
      );
      const empty = await trpcError(alice.caller.tasks.update({ id: task.id, version: 1 }));
      const badTitle = await trpcError(
        alice.caller.tasks.update({ id: task.id, version: 1, title: '' }),
      );
      expect([unknown.code, empty.code, badTitle.code]).toEqual([
        'BAD_REQUEST',
        'BAD_REQUEST',
        'BAD_REQUEST',
      ]);
      expect(await alice.caller.tasks.get({ id: task.id })).toEqual(task);
    });
  });

  describe('update', () => {
    it('applies the changes, adds one to the version and lets the database move updatedAt', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({ title: 'Draft', tags: ['a'] });
      const dueAt = new Date('2031-01-02T03:04:05.678Z');
      const updated = await alice.caller.tasks.update({
        id: task.id,
        version: task.version,
        title: ' Final ',
        description: 'Now with text',
        priority: 'low',
        dueAt,
        tags: ['B', 'c'],
      });
      expect(updated).toMatchObject({
        id: task.id,
        title: 'Final',
        description: 'Now with text',
        priority: 'low',
        dueAt,
        tags: ['b', 'c'],
        version: 2,
        createdAt: task.createdAt,
      });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());
      const cleared = await alice.caller.tasks.update({ id: task.id, version: 2, dueAt: null });
      expect(cleared).toMatchObject({ dueAt: null, title: 'Final', version: 3 });
    });

    it('answers CONFLICT with the current task for a stale version and leaves the row unchanged', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({ title: 'Shared doc' });
      const current = await alice.caller.tasks.update({ id: task.id, version: 1, title: 'Edit A' });
      const error = await trpcError(
        alice.caller.tasks.update({ id: task.id, version: 1, title: 'Edit B' }),
      );
      expect(error.code).toBe('CONFLICT');
      expect(error).toBeInstanceOf(ExposedError);
      if (!(error instanceof ExposedError)) return;
      expect(error.details).toEqual({ current });
      expect(await alice.caller.tasks.get({ id: task.id })).toEqual(current);
    });

    it('answers NOT_FOUND, not CONFLICT, for another user’s task whatever the version', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.tasks.create({ title: 'Hers' });
      for (const version of [1, 2]) {
        const error = await trpcError(
          bob.caller.tasks.update({ id: hers.id, version, title: 'Mine now' }),
        );
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Task not found']);
        expect(error).not.toBeInstanceOf(ExposedError);
      }
      expect(await alice.caller.tasks.get({ id: hers.id })).toEqual(hers);
    });

    it('completes and reopens through update too', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({ title: 'Via update' });
      const done = await alice.caller.tasks.update({ id: task.id, version: 1, completed: true });
      expect(done.completed).toBe(true);
      expect(done.completedAt).toBeInstanceOf(Date);
      const open = await alice.caller.tasks.update({ id: task.id, version: 2, completed: false });
      expect(open).toMatchObject({ completed: false, completedAt: null, version: 3 });
    });
  });

  describe('completion and deletion', () => {
    it('sets completedAt when completed, keeps it on repeat, clears it when reopened', async () => {
      const { alice } = await twoUsers(database().db);
      const task = await alice.caller.tasks.create({ title: 'Finish me' });
      const done = await alice.caller.tasks.setCompleted({ id: task.id, completed: true });
      expect(done).toMatchObject({ completed: true, version: 2 });
      expect(done.completedAt).toBeInstanceOf(Date);
      const again = await alice.caller.tasks.setCompleted({ id: task.id, completed: true });
      expect(again).toEqual(done);
      await sleep(5);
      const reopened = await alice.caller.tasks.setCompleted({ id: task.id, completed: false });
      expect(reopened).toMatchObject({ completed: false, completedAt: null, version: 3 });
      // updatedAt is the database's: it moves on every change, though no procedure sets it.
      expect(reopened.updatedAt.getTime()).toBeGreaterThan(done.updatedAt.getTime());
      expect(await alice.caller.tasks.setCompleted({ id: task.id, completed: false })).toEqual(
        reopened,
      );
    });

    it('cannot complete another user’s task', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hers = await alice.caller.tasks.create({ title: 'Hers' });
      const error = await trpcError(
        bob.caller.tasks.setCompleted({ id: hers.id, completed: true }),
      );
      expect(error.code).toBe('NOT_FOUND');
      expect(await alice.caller.tasks.get({ id: hers.id })).toEqual(hers);
    });

    it('deletes once and answers { id } again on repeat; another user’s task survives the same call', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const mine = await alice.caller.tasks.create({ title: 'Mine' });
      const his = await bob.caller.tasks.create({ title: 'His' });
      expect(await alice.caller.tasks.delete({ id: mine.id })).toEqual({ id: mine.id });
      expect(await alice.caller.tasks.delete({ id: mine.id })).toEqual({ id: mine.id });
      expect((await trpcError(alice.caller.tasks.get({ id: mine.id }))).code).toBe('NOT_FOUND');
      expect(await alice.caller.tasks.delete({ id: his.id })).toEqual({ id: his.id });
      expect(await bob.caller.tasks.get({ id: his.id })).toEqual(his);
    });

    it('clears only the caller’s completed tasks', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const [a1, a2] = await Promise.all([
        alice.caller.tasks.create({ title: 'A done' }),
        alice.caller.tasks.create({ title: 'A open' }),
      ]);
      const b1 = await bob.caller.tasks.create({ title: 'B done' });
      await alice.caller.tasks.setCompleted({ id: a1.id, completed: true });
      await bob.caller.tasks.setCompleted({ id: b1.id, completed: true });
      expect(await alice.caller.tasks.clearCompleted()).toEqual({ deleted: 1 });
      expect(await alice.caller.tasks.clearCompleted()).toEqual({ deleted: 0 });
      const left = await alice.caller.tasks.list({});
      expect(left.items.map((task) => task.id)).toEqual([a2.id]);
      expect((await bob.caller.tasks.get({ id: b1.id })).completed).toBe(true);
    });
  });

  describe('stats', () => {
    it('counts only the caller’s tasks: total, active, completed, overdue, due today', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const hour = 3600_000;
      const past = new Date(Date.now() - 48 * hour);
      const future = new Date(Date.now() + 48 * hour);
      const created: Task[] = [];
      for (const input of [
        { title: 'overdue', dueAt: past },
        { title: 'overdue but done', dueAt: past },
        { title: 'future', dueAt: future },
        { title: 'no date' },
      ]) {
        created.push(await alice.caller.tasks.create(input));
      }
      const doneId = created[1]?.id ?? '';
      await alice.caller.tasks.setCompleted({ id: doneId, completed: true });
      await bob.caller.tasks.create({ title: 'bob overdue', dueAt: past });

      expect(await alice.caller.tasks.stats()).toEqual({
        total: 4,
        active: 3,
        completed: 1,
        overdue: 1,
        dueToday: 0,
      });
      expect(await bob.caller.tasks.stats({ timeZone: 'Asia/Tokyo' })).toEqual({
        total: 1,
        active: 1,
        completed: 0,
        overdue: 1,
        dueToday: 0,
      });
    });

    it('turns a time zone the database refuses into BAD_REQUEST, not a server error', async () => {
      const { alice } = await twoUsers(database().db);
      await alice.caller.tasks.create({ title: 'Dated', dueAt: new Date() });
      const scope = taskScope(database().db, alice.userId);
      const error = await trpcError(inTimeZone(scope.stats('Nowhere/Atlantis')));
      expect([error.code, error.message]).toEqual(['BAD_REQUEST', 'Unknown time zone']);
    });

    it('rejects an unknown time zone', async () => {
      const { alice } = await twoUsers(database().db);
      for (const timeZone of ['Mars/Olympus', '+05:00', 'Europe/Paris; drop table tasks']) {
        const error = await trpcError(alice.caller.tasks.stats({ timeZone }));
        expect(error.code).toBe('BAD_REQUEST');
      }
    });
  });
});
