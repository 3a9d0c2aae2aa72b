import { randomUUID } from 'node:crypto';

import { TRPCError } from '@trpc/server';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { ExposedError } from '../trpc';
import { TASK_LIMITS } from '../contract/task-rules';
import { bulkInsertTasks, taskCount, trpcError, twoUsers } from './task-test-support';

describeEachDatabase('tasks under concurrency', (database) => {
  it('lets exactly one of 50 concurrent updates with the same version win', async () => {
    const { alice } = await twoUsers(database().db);
    const task = await alice.caller.tasks.create({ title: 'Contended' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        alice.caller.tasks.update({ id: task.id, version: task.version, title: `Edit ${i}` }),
      ),
    );
    const winners = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value] : [],
    );
    const losers = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const winner = winners[0];
    const current = await alice.caller.tasks.get({ id: task.id });
    expect(current).toEqual(winner);
    expect(current.version).toBe(2);
    for (const loser of losers) {
      expect(loser).toBeInstanceOf(ExposedError);
      if (loser instanceof ExposedError) {
        expect(loser.code).toBe('CONFLICT');
        expect(loser.details).toMatchObject({ current: { id: task.id, version: 2 } });
      }
    }
  });

  it('creates one task for one client id, sent twice and then ten times in parallel', async () => {
    const { alice } = await twoUsers(database().db);
    const id = randomUUID();
    const first = await alice.caller.tasks.create({ id, title: 'Once' });
    const retry = await alice.caller.tasks.create({ id, title: 'Once (retry, changed)' });
    expect(retry).toEqual(first);

    const parallelId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        alice.caller.tasks.create({ id: parallelId, title: 'Parallel once' }),
      ),
    );
    expect(new Set(results.map((task) => JSON.stringify(task))).size).toBe(1);
    expect(results[0]?.id).toBe(parallelId);
    expect(await taskCount(database().db, alice.userId)).toBe(2);
  });

  it('answers CONFLICT, revealing nothing, for a client id another user already has', async () => {
    const { alice, bob } = await twoUsers(database().db);
    const hers = await alice.caller.tasks.create({ title: 'Hers', description: 'secret' });
    const error = await trpcError(bob.caller.tasks.create({ id: hers.id, title: 'Mine?' }));
    expect(error.code).toBe('CONFLICT');
    expect(error).not.toBeInstanceOf(ExposedError);
    expect(error.message).not.toContain('secret');
    expect(error.message).not.toContain('Hers');
    expect(await taskCount(database().db, bob.userId)).toBe(0);
    expect(await alice.caller.tasks.get({ id: hers.id })).toEqual(hers);

    // The same id sent by both users at once: one owner, the other a CONFLICT.
    const contested = randomUUID();
    const outcomes = await Promise.allSettled([
      alice.caller.tasks.create({ id: contested, title: 'A' }),
      bob.caller.tasks.create({ id: contested, title: 'B' }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it(`stops at ${TASK_LIMITS.tasksPerUser.toLocaleString('en-US')} tasks per user, also under concurrent creates`, async () => {
    const { alice, bob } = await twoUsers(database().db);
    await bulkInsertTasks(database(), alice.userId, TASK_LIMITS.tasksPerUser - 5);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => alice.caller.tasks.create({ title: `Late ${i}` })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    expect(refused).toHaveLength(15);
    for (const error of refused) {
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({
        code: 'FORBIDDEN',
        message: 'You have reached the limit of 10,000 tasks. Delete some tasks to add new ones.',
      });
    }
    expect(await taskCount(database().db, alice.userId)).toBe(TASK_LIMITS.tasksPerUser);

    // A retried create of an existing task is still answered at the limit; others are not capped.
    const existing = (await alice.caller.tasks.list({ limit: 1 })).items[0];
    expect(existing).toBeDefined();
    if (existing === undefined) return;
    expect(await alice.caller.tasks.create({ id: existing.id, title: 'retry' })).toEqual(existing);
    await expect(bob.caller.tasks.create({ title: 'Bob is fine' })).resolves.toMatchObject({
      title: 'Bob is fine',
    });

    // Room again after a delete.
    await alice.caller.tasks.delete({ id: existing.id });
    await expect(alice.caller.tasks.create({ title: 'Fits again' })).resolves.toMatchObject({
      title: 'Fits again',
    });
  });
});
