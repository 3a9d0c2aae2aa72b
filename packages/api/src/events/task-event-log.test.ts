import { sql } from 'kysely';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { twoUsers } from '../tasks/task-test-support';
import {
  batchedLogReads,
  pruneTaskEvents,
  taskEventLog,
  type LoggedChange,
} from './task-event-log';

describeEachDatabase('task event log', (database) => {
  it('records every change of a person, in order, whatever made it', async () => {
    const { alice, bob } = await twoUsers(database().db);
    const { db } = database();
    const log = taskEventLog(db, alice.userId);
    expect(await log.position()).toEqual({ head: 0, oldest: null });

    const first = await alice.caller.tasks.create({ title: 'First' });
    const second = await alice.caller.tasks.create({ title: 'Second' });
    await bob.caller.tasks.create({ title: 'Not hers' });
    await alice.caller.tasks.update({ id: first.id, version: 1, title: 'First, edited' });
    await alice.caller.tasks.setCompleted({ id: second.id, completed: true });
    // A statement made by another service (no procedure at all) is recorded the same way.
    await sql`update tasks set title = 'By hand', version = version + 1 where id = ${first.id}`.execute(
      db,
    );
    await alice.caller.tasks.clearCompleted();
    await alice.caller.tasks.delete({ id: first.id });

    const changes = await log.after(0, 100);
    expect(changes.map(({ seq, kind, taskId }) => [seq, kind, taskId])).toEqual([
      [1, 'upsert', first.id],
      [2, 'upsert', second.id],
      [3, 'upsert', first.id],
      [4, 'upsert', second.id],
      [5, 'upsert', first.id],
      [6, 'delete', second.id],
      [7, 'delete', first.id],
    ]);
    // Both tasks are gone now: no upsert carries a task any more.
    expect(changes.every((change) => change.current === null)).toBe(true);
    expect(await log.position()).toEqual({ head: 7, oldest: 1 });
    expect(await log.after(5, 100)).toHaveLength(2);
    expect((await taskEventLog(db, bob.userId).after(0, 100)).map((c) => c.seq)).toEqual([1]);
  });

  it('joins the task as it is now, and never another person’s', async () => {
    const { alice, bob } = await twoUsers(database().db);
    const task = await alice.caller.tasks.create({ title: 'Mine' });
    await alice.caller.tasks.update({ id: task.id, version: 1, title: 'Mine, v2' });
    const changes = await taskEventLog(database().db, alice.userId).after(0, 10);
    expect(changes.map((change) => change.current?.version)).toEqual([2, 2]);
    expect(await taskEventLog(database().db, bob.userId).after(0, 10)).toEqual([]);
  });

  it('answers reads asked for together in one statement, each with its own person’s changes', async () => {
    const { alice, bob } = await twoUsers(database().db);
    const { db } = database();
    const hers = await alice.caller.tasks.create({ title: 'Hers' });
    const his = await bob.caller.tasks.create({ title: 'His' });
    await alice.caller.tasks.update({ id: hers.id, version: 1, title: 'Hers, v2' });
    const reads = batchedLogReads(db);

    const [fromStart, fromOne, bobs, nothing, limited] = await Promise.all([
      reads.of(alice.userId).after(0, 10),
      reads.of(alice.userId).after(1, 10),
      reads.of(bob.userId).after(0, 10),
      reads.of(bob.userId).after(1, 10),
      reads.of(alice.userId).after(0, 1),
    ]);

    const seen = (changes: LoggedChange[] | undefined) =>
      changes?.map(({ seq, taskId, current }) => [seq, taskId, current?.title]);
    expect(seen(fromStart)).toEqual([
      [1, hers.id, 'Hers, v2'],
      [2, hers.id, 'Hers, v2'],
    ]);
    expect(seen(fromOne)).toEqual([[2, hers.id, 'Hers, v2']]);
    expect(seen(bobs)).toEqual([[1, his.id, 'His']]);
    expect(nothing).toEqual([]);
    expect(seen(limited)).toEqual([[1, hers.id, 'Hers, v2']]);
    // The same as each person's own read.
    expect(fromStart).toEqual(await taskEventLog(db, alice.userId).after(0, 10));
    expect(bobs).toEqual(await taskEventLog(db, bob.userId).after(0, 10));
  });

  it('keeps events for the retention only, and the head after pruning', async () => {
    const { alice } = await twoUsers(database().db);
    const { db } = database();
    for (const title of ['a', 'b', 'c']) await alice.caller.tasks.create({ title });
    const log = taskEventLog(db, alice.userId);
    expect(await pruneTaskEvents(db, new Date(Date.now() - 3_600_000))).toBe(0);
    expect(await log.position()).toEqual({ head: 3, oldest: 1 });
    expect(await pruneTaskEvents(db, new Date(Date.now() + 1000), 2)).toBeGreaterThanOrEqual(3);
    expect(await log.position()).toEqual({ head: 3, oldest: null });
    await alice.caller.tasks.create({ title: 'd' });
    expect(await log.position()).toEqual({ head: 4, oldest: 4 });
  });

  it('lets an account with tasks be deleted, taking its log with it', async () => {
    const { alice } = await twoUsers(database().db);
    const { db } = database();
    await alice.caller.tasks.create({ title: 'Goes with her' });
    await db.deleteFrom('users').where('id', '=', alice.userId).execute();
    const left = await db
      .selectFrom('task_events')
      .where('user_id', '=', alice.userId)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(left.n).toBe(0);
    expect(await taskEventLog(db, alice.userId).position()).toEqual({ head: 0, oldest: null });
  });
});
