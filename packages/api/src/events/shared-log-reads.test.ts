import { expect, it, vi } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { twoUsers } from '../tasks/task-test-support';
import { personLogReads } from './shared-log-reads';
import {
  TASK_EVENTS_CHANNEL,
  taskEventLog,
  type LoggedChange,
  type TaskEventLog,
} from './task-event-log';
import { notifiedChangeOf, notifiedOwner } from './task-notification';

type LogReader = Pick<TaskEventLog, 'after'>;

/** The real log, counting its reads. */
function counted(log: LogReader): LogReader & { reads: number } {
  const counter = {
    reads: 0,
    after(seq: number, limit: number): Promise<LoggedChange[]> {
      counter.reads += 1;
      return log.after(seq, limit);
    },
  };
  return counter;
}

/**
 * The real log, whose answers are held back until `release()`: a read has taken its snapshot
 * (`answered` resolves) but its streams have not seen it yet, as when a change commits while a
 * read is on its way back.
 */
function heldBack(log: LogReader) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let answered: () => void = () => undefined;
  const firstAnswered = new Promise<void>((resolve) => (answered = resolve));
  return {
    release,
    firstAnswered,
    async after(seq: number, limit: number): Promise<LoggedChange[]> {
      const changes = await log.after(seq, limit);
      answered();
      await released;
      return changes;
    },
  };
}

/** Over 8,000 bytes in UTF-8 (3 bytes a character): too large to ride in a notification. */
const TOO_LARGE_TO_CARRY = '€'.repeat(3000);

describeEachDatabase('shared log reads', (database) => {
  /** Every notification on the task channel from now on, as the hub receives them. */
  async function notifications() {
    const payloads: string[] = [];
    const stop = await database().listen(TASK_EVENTS_CHANNEL, (payload) => payloads.push(payload));
    return {
      payloads,
      /** Waits until `count` notifications have arrived, and stops listening. */
      async received(count: number): Promise<string[]> {
        await vi.waitFor(() => {
          expect(payloads.length).toBeGreaterThanOrEqual(count);
        });
        await stop();
        return payloads;
      },
    };
  }

  it('carries each change in its notification, as the log gives it', async () => {
    const { alice } = await twoUsers(database().db);
    const heard = await notifications();
    const task = await alice.caller.tasks.create({
      title: 'Carried',
      dueAt: new Date('2026-12-07T09:00:00.000Z'),
      tags: ['home'],
      recurrence: { freq: 'weekly', interval: 1, byWeekday: ['MO'] },
    });
    await alice.caller.tasks.delete({ id: task.id });
    const [created, deleted] = await heard.received(2);
    const [upsert] = await taskEventLog(database().db, alice.userId).after(0, 1);

    expect(notifiedOwner(created ?? '')).toBe(alice.userId);
    expect(notifiedChangeOf(created ?? '')).toEqual({
      seq: 1,
      kind: 'upsert',
      taskId: task.id,
      // The task as the create left it: what the log's read gave while it still existed.
      current: {
        id: task.id,
        title: 'Carried',
        description: '',
        completed: false,
        priority: task.priority,
        due_at: task.dueAt,
        tags: ['home'],
        created_at: task.createdAt,
        updated_at: task.updatedAt,
        completed_at: null,
        version: 1,
        list_id: null,
        recurrence: { freq: 'weekly', interval: 1, byWeekday: ['MO'] },
      },
      reminder: null,
    });
    expect(upsert?.current).toBeNull();
    expect(notifiedChangeOf(deleted ?? '')).toEqual({
      seq: 2,
      kind: 'delete',
      taskId: task.id,
      current: null,
      reminder: null,
    });
  });

  it('sends a change too large to carry as the owner alone', async () => {
    const { alice } = await twoUsers(database().db);
    const heard = await notifications();
    await alice.caller.tasks.create({ title: 'Long', description: TOO_LARGE_TO_CARRY });
    const [payload] = await heard.received(1);

    expect(payload).toBe(alice.userId);
    expect(notifiedChangeOf(payload ?? '')).toBeUndefined();
  });

  it('answers a stream whose next changes were carried without reading the log', async () => {
    const { alice } = await twoUsers(database().db);
    const heard = await notifications();
    await alice.caller.tasks.create({ title: 'One' });
    await alice.caller.tasks.create({ title: 'Two' });
    const log = counted(taskEventLog(database().db, alice.userId));
    const reads = personLogReads(log, () => 1);
    for (const payload of await heard.received(2)) reads.notified(notifiedChangeOf(payload));

    const [fromStart, fromOne, fromTwo] = await Promise.all([
      reads.after(0, 1),
      reads.after(1, 1),
      reads.after(2, 1),
    ]);

    expect(log.reads).toBe(0);
    expect(fromStart.events.map(({ seq }) => seq)).toEqual([1, 2]);
    expect(fromStart.last).toBe(2);
    expect(fromOne.events.map(({ seq }) => seq)).toEqual([2]);
    expect(fromTwo).toEqual({ events: [], last: undefined, full: false });
    // Carried events are sent to every stream: the same objects, serialised once.
    expect(fromOne.events[0]?.event).toBe(fromStart.events[1]?.event);
  });

  // Two wakes before a stream reads make one read: if the first carried its change and the
  // second did not, answering from the carried changes alone would leave the second unsent.
  it('reads the log after a notification that carried no change, even behind one that did', async () => {
    const { alice } = await twoUsers(database().db);
    const heard = await notifications();
    await alice.caller.tasks.create({ title: 'Carried' });
    const long = await alice.caller.tasks.create({
      title: 'Not carried',
      description: TOO_LARGE_TO_CARRY,
    });
    const log = counted(taskEventLog(database().db, alice.userId));
    const reads = personLogReads(log, () => 1);
    for (const payload of await heard.received(2)) reads.notified(notifiedChangeOf(payload));

    const batch = await reads.after(0, 1);

    expect(log.reads).toBe(1);
    expect(batch.events.map(({ seq }) => seq)).toEqual([1, 2]);
    const [, second] = batch.events;
    expect(second?.event.type === 'upsert' && second.event.task.id).toBe(long.id);
  });

  it('reads the log for a stream behind the changes carried', async () => {
    const { alice } = await twoUsers(database().db);
    await alice.caller.tasks.create({ title: 'Before listening' });
    const heard = await notifications();
    await alice.caller.tasks.create({ title: 'Carried' });
    const log = counted(taskEventLog(database().db, alice.userId));
    const reads = personLogReads(log, () => 1);
    for (const payload of await heard.received(1)) reads.notified(notifiedChangeOf(payload));

    const behind = await reads.after(0, 1);
    const current = await reads.after(1, 1);

    expect(behind.events.map(({ seq }) => seq)).toEqual([1, 2]);
    expect(current.events.map(({ seq }) => seq)).toEqual([2]);
    expect(log.reads).toBe(1);
  });

  it('gives the streams woken by one notification one read, and the same event objects', async () => {
    const { alice } = await twoUsers(database().db);
    await alice.caller.tasks.create({ title: 'Shared' });
    const log = counted(taskEventLog(database().db, alice.userId));
    let wakes = 1;
    const reads = personLogReads(log, () => wakes);

    const [first, second, third] = await Promise.all([
      reads.after(0, 1),
      reads.after(0, 1),
      reads.after(0, 1),
    ]);

    expect(log.reads).toBe(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first.events.map(({ seq, event }) => [seq, event.type])).toEqual([[1, 'upsert']]);
    expect(first.last).toBe(1);

    // Once answered, a read is not reused: the next wake reads again.
    await alice.caller.tasks.create({ title: 'Next' });
    wakes = 2;
    const next = await reads.after(1, 2);
    expect(log.reads).toBe(2);
    expect(next.events.map(({ seq }) => seq)).toEqual([2]);
  });

  it('streams at different positions do not share a read', async () => {
    const { alice } = await twoUsers(database().db);
    await alice.caller.tasks.create({ title: 'One' });
    await alice.caller.tasks.create({ title: 'Two' });
    const log = counted(taskEventLog(database().db, alice.userId));
    const reads = personLogReads(log, () => 1);

    const [fromStart, fromOne] = await Promise.all([reads.after(0, 1), reads.after(1, 1)]);

    expect(log.reads).toBe(2);
    expect(fromStart.events.map(({ seq }) => seq)).toEqual([1, 2]);
    expect(fromOne.events.map(({ seq }) => seq)).toEqual([2]);
  });

  // The trap of sharing: joining any read already under way at the same position would hand the
  // second stream a snapshot taken before the change that woke it, and it would wait for the next
  // wake with that change unsent.
  it('a stream woken after a read started does not join it, so it misses nothing', async () => {
    const { alice } = await twoUsers(database().db);
    const log = heldBack(taskEventLog(database().db, alice.userId));
    let wakes = 1;
    const reads = personLogReads(log, () => wakes);

    const early = reads.after(0, 1);
    await log.firstAnswered;
    // A change commits after that read took its snapshot; its notification wakes another stream
    // of the same person, still at the same position, before the first read is back.
    const task = await alice.caller.tasks.create({ title: 'Committed after the first read' });
    wakes = 2;
    const woken = reads.after(0, 2);
    log.release();

    expect((await early).events).toEqual([]);
    const sent = (await woken).events.map(({ seq, event }) =>
      event.type === 'upsert' ? [seq, event.task.id] : [seq, event.type],
    );
    expect(sent).toEqual([[1, task.id]]);
  });

  it('a read that fails fails every stream that joined it, and the next one reads again', async () => {
    const { alice } = await twoUsers(database().db);
    await alice.caller.tasks.create({ title: 'After the failure' });
    let failNext = true;
    const real = taskEventLog(database().db, alice.userId);
    const reads = personLogReads(
      {
        after(seq, limit) {
          if (!failNext) return real.after(seq, limit);
          failNext = false;
          return Promise.reject(new Error('connection lost'));
        },
      },
      () => 1,
    );

    const joined = [reads.after(0, 1), reads.after(0, 1)];
    for (const read of joined) await expect(read).rejects.toThrow('connection lost');
    expect((await reads.after(0, 1)).events.map(({ seq }) => seq)).toEqual([1]);
  });
});
