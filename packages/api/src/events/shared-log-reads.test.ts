import { expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { twoUsers } from '../tasks/task-test-support';
import { personLogReads } from './shared-log-reads';
import { taskEventLog, type LoggedChange, type TaskEventLog } from './task-event-log';

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

describeEachDatabase('shared log reads', (database) => {
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
