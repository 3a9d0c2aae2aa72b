import { expect, it } from 'vitest';

import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { openStream } from '../events/event-test-support';
import { createTestServices, signedInTestUser } from '../testing';
import { trpcError } from './task-test-support';

/** Services whose application clock the test moves (occurrences skip what is already past). */
async function personAt(db: Kysely<Database>, start: string) {
  const clock = { now: new Date(start) };
  const services = await createTestServices(db, {}, { clock: () => clock.now });
  const person = await signedInTestUser(services);
  return { services, clock, person };
}

async function completions(db: Kysely<Database>, taskId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('task_completions')
    .select('occurrence_at')
    .where('task_id', '=', taskId)
    .orderBy('occurrence_at')
    .execute();
  return rows.map((row) => row.occurrence_at.toISOString());
}

describeEachDatabase('repeating tasks', (database) => {
  it('completing one moves it to its next occurrence and records the occurrence', async () => {
    const { person } = await personAt(database().db, '2026-01-01T00:00:00Z');
    const task = await person.caller.tasks.create({
      title: 'Stand-up',
      dueAt: new Date('2026-01-05T09:00:00Z'), // a Monday
      recurrence: { freq: 'weekly', byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
    });
    expect(task.recurrence).toEqual({
      freq: 'weekly',
      interval: 1,
      byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
    });
    const next = await person.caller.tasks.setCompleted({
      id: task.id,
      completed: true,
      occurrence: task.dueAt ?? undefined,
    });
    expect(next).toMatchObject({
      completed: false,
      completedAt: null,
      dueAt: new Date('2026-01-06T09:00:00Z'),
      version: 2,
    });
    expect(await completions(database().db, task.id)).toEqual(['2026-01-05T09:00:00.000Z']);
  });

  it.each([
    {
      name: 'March (EST to EDT)',
      start: '2026-03-06T14:00:00Z', // Friday 9:00 EST
      next: ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z'],
    },
    {
      name: 'November (EDT to EST)',
      start: '2026-10-30T13:00:00Z', // Friday 9:00 EDT
      next: ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'],
    },
  ])(
    'every day at 9:00 in America/New_York stays at 9:00 across the $name change',
    async ({ start, next }) => {
      const { person } = await personAt(database().db, '2026-01-01T00:00:00Z');
      await person.caller.auth.updateProfile({ timeZone: 'America/New_York' });
      let task = await person.caller.tasks.create({
        title: 'Morning pages',
        dueAt: new Date(start),
        recurrence: { freq: 'daily' },
      });
      const seen: (string | undefined)[] = [];
      for (let step = 0; step < next.length; step += 1) {
        task = await person.caller.tasks.setCompleted({
          id: task.id,
          completed: true,
          occurrence: task.dueAt ?? undefined,
        });
        seen.push(task.dueAt?.toISOString());
      }
      expect(seen).toEqual(next);
    },
  );

  it('month ends: the last day of every month, February of a leap year included', async () => {
    const { person } = await personAt(database().db, '2027-12-01T00:00:00Z');
    let task = await person.caller.tasks.create({
      title: 'Invoices',
      dueAt: new Date('2027-12-31T17:00:00Z'),
      recurrence: { freq: 'monthly', byMonthDay: [-1] },
    });
    const seen: (Date | null)[] = [];
    for (let step = 0; step < 3; step += 1) {
      task = await person.caller.tasks.setCompleted({
        id: task.id,
        completed: true,
        occurrence: task.dueAt ?? undefined,
      });
      seen.push(task.dueAt);
    }
    expect(seen).toEqual([
      new Date('2028-01-31T17:00:00Z'),
      new Date('2028-02-29T17:00:00Z'),
      new Date('2028-03-31T17:00:00Z'),
    ]);
  });

  it('20 concurrent completes of one occurrence give one next occurrence; a retry changes nothing', async () => {
    const { person } = await personAt(database().db, '2026-03-01T00:00:00Z');
    const task = await person.caller.tasks.create({
      title: 'Water plants',
      dueAt: new Date('2026-03-02T08:00:00Z'),
      recurrence: { freq: 'daily' },
    });
    const occurrence = task.dueAt ?? undefined;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        person.caller.tasks.setCompleted({ id: task.id, completed: true, occurrence }),
      ),
    );
    for (const result of results) {
      expect(result).toMatchObject({ dueAt: new Date('2026-03-03T08:00:00Z'), version: 2 });
    }
    const retry = await person.caller.tasks.setCompleted({
      id: task.id,
      completed: true,
      occurrence,
    });
    expect(retry).toMatchObject({ dueAt: new Date('2026-03-03T08:00:00Z'), version: 2 });
    expect(await completions(database().db, task.id)).toEqual(['2026-03-02T08:00:00.000Z']);
    expect(await person.caller.tasks.stats()).toMatchObject({ active: 1, completed: 1, total: 2 });
  });

  it('20 concurrent updates completing at one version give one next occurrence', async () => {
    const { person } = await personAt(database().db, '2026-03-01T00:00:00Z');
    const task = await person.caller.tasks.create({
      title: 'Stretch',
      dueAt: new Date('2026-03-02T08:00:00Z'),
      recurrence: { freq: 'daily', interval: 2 },
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        person.caller.tasks.update({ id: task.id, version: task.version, completed: true }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const current = await person.caller.tasks.get({ id: task.id });
    expect(current).toMatchObject({ completed: false, dueAt: new Date('2026-03-04T08:00:00Z') });
    expect(await completions(database().db, task.id)).toEqual(['2026-03-02T08:00:00.000Z']);
  });

  it('completed late, it comes back at the first occurrence still ahead', async () => {
    const { person, clock } = await personAt(database().db, '2026-06-01T00:00:00Z');
    const task = await person.caller.tasks.create({
      title: 'Journal',
      dueAt: new Date('2026-06-01T20:00:00Z'),
      recurrence: { freq: 'daily' },
    });
    clock.now = new Date('2026-06-10T12:00:00Z');
    const next = await person.caller.tasks.setCompleted({ id: task.id, completed: true });
    expect(next.dueAt).toEqual(new Date('2026-06-10T20:00:00Z'));
  });

  it('when the series ends (count or until) the task completes for good', async () => {
    const { person } = await personAt(database().db, '2026-06-01T00:00:00Z');
    let byCount = await person.caller.tasks.create({
      title: 'Three lessons',
      dueAt: new Date('2026-06-02T07:00:00Z'),
      recurrence: { freq: 'weekly', count: 3 },
    });
    for (let step = 0; step < 3; step += 1) {
      byCount = await person.caller.tasks.setCompleted({ id: byCount.id, completed: true });
    }
    expect(byCount).toMatchObject({ completed: true, dueAt: new Date('2026-06-16T07:00:00Z') });
    expect(await completions(database().db, byCount.id)).toHaveLength(3);

    let byDate = await person.caller.tasks.create({
      title: 'Until the 3rd',
      dueAt: new Date('2026-06-02T07:00:00Z'),
      recurrence: { freq: 'daily', until: new Date('2026-06-03T23:00:00Z') },
    });
    byDate = await person.caller.tasks.setCompleted({ id: byDate.id, completed: true });
    expect(byDate.completed).toBe(false);
    byDate = await person.caller.tasks.setCompleted({ id: byDate.id, completed: true });
    expect(byDate.completed).toBe(true);
    // Completions: 3 + 2 occurrences; both tasks done.
    expect(await person.caller.tasks.stats()).toMatchObject({
      active: 0,
      completed: 5,
      total: 5,
    });
    expect(await person.caller.tasks.clearCompleted()).toEqual({ deleted: 2 });
    expect(await person.caller.tasks.stats()).toMatchObject({ completed: 0, total: 0 });
  });

  it('a rule needs a due date, and bad rules are field errors that change nothing', async () => {
    const { person } = await personAt(database().db, '2026-06-01T00:00:00Z');
    const noDue = await trpcError(
      person.caller.tasks.create({ title: 'x', recurrence: { freq: 'daily' } }),
    );
    expect(noDue.code).toBe('BAD_REQUEST');
    const task = await person.caller.tasks.create({
      title: 'Plain',
      dueAt: new Date('2026-06-02T07:00:00Z'),
    });
    const bad = await trpcError(
      person.caller.tasks.update({
        id: task.id,
        version: 1,
        recurrence: { freq: 'daily', interval: 0 },
      }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    const cleared = await trpcError(
      person.caller.tasks.update({
        id: task.id,
        version: 1,
        dueAt: null,
        recurrence: { freq: 'daily' },
      }),
    );
    expect(cleared.code).toBe('BAD_REQUEST');
    expect(await person.caller.tasks.get({ id: task.id })).toEqual(task);

    const repeating = await person.caller.tasks.update({
      id: task.id,
      version: 1,
      recurrence: { freq: 'monthly', byMonthDay: [1] },
    });
    expect(repeating.recurrence).toEqual({ freq: 'monthly', interval: 1, byMonthDay: [1] });
    const plain = await person.caller.tasks.update({
      id: task.id,
      version: repeating.version,
      recurrence: null,
    });
    expect(plain.recurrence).toBeNull();
    const done = await person.caller.tasks.setCompleted({ id: task.id, completed: true });
    expect(done.completed).toBe(true);
  });

  it('each advance reaches the live stream as an upsert with the next due time', async () => {
    const { services, person } = await personAt(database().db, '2026-06-01T00:00:00Z');
    const task = await person.caller.tasks.create({
      title: 'Live',
      dueAt: new Date('2026-06-02T07:00:00Z'),
      recurrence: { freq: 'daily' },
    });
    const stream = await openStream(services, person.accessToken);
    try {
      await stream.until((events) => events.some(({ event }) => event.type === 'reset'));
      await person.caller.tasks.setCompleted({ id: task.id, completed: true });
      await stream.until((events) =>
        events.some(
          ({ event }) =>
            event.type === 'upsert' &&
            event.task.dueAt?.getTime() === new Date('2026-06-03T07:00:00Z').getTime(),
        ),
      );
    } finally {
      await stream.close();
      await services.close();
    }
  });
});
