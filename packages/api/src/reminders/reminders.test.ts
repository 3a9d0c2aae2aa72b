import { expect, it } from 'vitest';

import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { claimJobs } from '../jobs/job-claims';
import { createJobRunner } from '../jobs/job-runner';
import { silentLogger } from '../logger';
import { DEFAULT_MAIL_CONFIG } from '../mail/mail-config';
import { createMailDelivery } from '../mail/mail-delivery';
import { MAIL_DELIVERY_JOB } from '../mail/mail-outbox';
import { openStream } from '../events/event-test-support';
import { createReminderRunner } from '../services';
import { createTestServices, signedInTestUser } from '../testing';
import { startSmtpTestServer } from '../testing/smtp-test-server';
import { trpcError } from '../tasks/task-test-support';
import { REMINDER_DELIVERY_JOB } from './reminder-scope';

const DUE = new Date('2030-06-03T09:00:00Z');

/** Two instances on one database and one movable clock: each its own services and runner. */
async function twoInstances(db: Kysely<Database>) {
  const clock = { now: new Date('2030-06-03T08:00:00Z') };
  const options = { clock: () => clock.now };
  const [a, b] = await Promise.all([
    createTestServices(db, {}, options),
    createTestServices(db, {}, options),
  ]);
  const runner = (runnerId: string) =>
    createReminderRunner({
      db,
      clock: options.clock,
      mail: DEFAULT_MAIL_CONFIG,
      logger: silentLogger,
      tuning: { runnerId, leaseMs: 30_000 },
    });
  const person = await signedInTestUser(a);
  return { clock, a, b, runners: [runner('a'), runner('b')] as const, person };
}

async function deliveries(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('reminder_deliveries')
    .select(['reminder_id', 'fire_at', 'outcome'])
    .where('user_id', '=', userId)
    .orderBy('fire_at')
    .execute();
}

async function reminderEvents(db: Kysely<Database>, userId: string): Promise<number> {
  const { count } = await db
    .selectFrom('task_events')
    .where('user_id', '=', userId)
    .where('kind', '=', 'reminder')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return count;
}

describeEachDatabase('reminders', (database) => {
  it('is delivered once, at its minute, with two instances claiming at once; the stream gets it', async () => {
    const { clock, a, b, runners, person } = await twoInstances(database().db);
    const task = await person.caller.tasks.create({ title: 'Call Ana', dueAt: DUE });
    const reminder = await person.caller.reminders.create({ taskId: task.id, minutesBefore: 30 });
    expect(reminder.fireAt).toEqual(new Date('2030-06-03T08:30:00Z'));
    // The stream is on instance a; either instance's runner may deliver.
    const stream = await openStream(a, person.accessToken);
    try {
      await stream.until((events) => events.some(({ event }) => event.type === 'reset'));
      // A minute early: nothing is due.
      clock.now = new Date('2030-06-03T08:29:00Z');
      expect(await Promise.all(runners.map((runner) => runner.runOnce()))).toEqual([0, 0]);

      clock.now = new Date('2030-06-03T08:30:05Z');
      const claimed = await Promise.all(runners.map((runner) => runner.runOnce()));
      expect(claimed.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(await Promise.all(runners.map((runner) => runner.runOnce()))).toEqual([0, 0]);

      await stream.until((events) => events.some(({ event }) => event.type === 'reminder'));
      const received = stream.events.filter(({ event }) => event.type === 'reminder');
      expect(received).toHaveLength(1);
      expect(received[0]?.event).toMatchObject({
        type: 'reminder',
        reminderId: reminder.id,
        fireAt: new Date('2030-06-03T08:30:00Z'),
        task: { id: task.id, title: 'Call Ana' },
      });
      expect(await deliveries(database().db, person.userId)).toEqual([
        { reminder_id: reminder.id, fire_at: reminder.fireAt, outcome: 'sent' },
      ]);
    } finally {
      await stream.close();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('an instance killed while holding a claimed reminder: the other delivers it after the lease', async () => {
    const { clock, a, b, runners, person } = await twoInstances(database().db);
    const task = await person.caller.tasks.create({ title: 'Renew passport', dueAt: DUE });
    const reminder = await person.caller.reminders.create({
      taskId: task.id,
      at: new Date('2030-06-03T08:45:00Z'),
    });
    clock.now = new Date('2030-06-03T08:45:00Z');
    // The dying instance claims the job and never finishes it.
    const held = await claimJobs(database().db, {
      runnerId: 'killed',
      kinds: [REMINDER_DELIVERY_JOB],
      limit: 10,
      leaseMs: 30_000,
      now: clock.now,
    });
    const payloads = held.map((job) => job.payload as { reminderId?: string });
    expect(payloads.filter((payload) => payload.reminderId === reminder.id)).toHaveLength(1);
    const [, survivor] = runners;
    while ((await survivor.runOnce()) > 0);
    expect(await deliveries(database().db, person.userId)).toEqual([]);

    clock.now = new Date('2030-06-03T08:45:31Z');
    while ((await survivor.runOnce()) > 0);
    expect(await deliveries(database().db, person.userId)).toMatchObject([{ outcome: 'sent' }]);
    expect(await reminderEvents(database().db, person.userId)).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('sends nothing for a task completed, deleted or moved past the reminder; sends the moved one later', async () => {
    const { clock, a, b, runners, person } = await twoInstances(database().db);
    const completed = await person.caller.tasks.create({ title: 'Done early', dueAt: DUE });
    const deleted = await person.caller.tasks.create({ title: 'Dropped', dueAt: DUE });
    const moved = await person.caller.tasks.create({ title: 'Moved', dueAt: DUE });
    for (const task of [completed, deleted, moved]) {
      await person.caller.reminders.create({ taskId: task.id, minutesBefore: 10 });
    }
    await person.caller.tasks.setCompleted({ id: completed.id, completed: true });
    await person.caller.tasks.delete({ id: deleted.id });
    await person.caller.tasks.update({
      id: moved.id,
      version: moved.version,
      dueAt: new Date('2030-06-04T09:00:00Z'),
    });
    clock.now = new Date('2030-06-03T09:00:00Z');
    while ((await runners[0].runOnce()) > 0);
    expect(await deliveries(database().db, person.userId)).toEqual([]);

    clock.now = new Date('2030-06-04T08:50:00Z');
    while ((await runners[1].runOnce()) > 0);
    expect(await deliveries(database().db, person.userId)).toMatchObject([
      { fire_at: new Date('2030-06-04T08:50:00Z'), outcome: 'sent' },
    ]);
    await Promise.all([a.close(), b.close()]);
  });

  it('missed by less than an hour (every instance down) it is sent on start; later it is recorded as missed', async () => {
    const { clock, a, b, runners, person } = await twoInstances(database().db);
    const late = await person.caller.tasks.create({ title: 'Late', dueAt: DUE });
    await person.caller.reminders.create({ taskId: late.id, at: new Date('2030-06-03T08:10:00Z') });
    const lost = await person.caller.tasks.create({ title: 'Lost', dueAt: DUE });
    await person.caller.reminders.create({ taskId: lost.id, at: new Date('2030-06-03T07:30:00Z') });
    clock.now = new Date('2030-06-03T09:05:00Z');
    while ((await runners[0].runOnce()) > 0);
    const outcomes = await deliveries(database().db, person.userId);
    expect(outcomes.map((row) => row.outcome)).toEqual(['missed', 'sent']);
    expect(await reminderEvents(database().db, person.userId)).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('a repeating task: the reminder moves with each occurrence', async () => {
    const { clock, a, b, runners, person } = await twoInstances(database().db);
    const task = await person.caller.tasks.create({
      title: 'Stand-up',
      dueAt: DUE,
      recurrence: { freq: 'daily' },
    });
    await person.caller.reminders.create({ taskId: task.id, minutesBefore: 15 });
    await person.caller.tasks.setCompleted({ id: task.id, completed: true, occurrence: DUE });
    const [reminder] = await person.caller.reminders.list({ taskId: task.id });
    expect(reminder?.fireAt).toEqual(new Date('2030-06-04T08:45:00Z'));
    clock.now = new Date('2030-06-04T08:45:00Z');
    while ((await runners[0].runOnce()) > 0);
    expect(await deliveries(database().db, person.userId)).toMatchObject([
      { fire_at: new Date('2030-06-04T08:45:00Z'), outcome: 'sent' },
    ]);
    await Promise.all([a.close(), b.close()]);
  });

  it('at most 5 per task; another person’s task is NOT_FOUND; bad input is a field error', async () => {
    const { a, b, person } = await twoInstances(database().db);
    const other = await signedInTestUser(a);
    const task = await person.caller.tasks.create({ title: 'Busy', dueAt: DUE });
    for (let n = 0; n < 5; n += 1) {
      await person.caller.reminders.create({ taskId: task.id, minutesBefore: n * 5 });
    }
    expect(
      (await trpcError(person.caller.reminders.create({ taskId: task.id, minutesBefore: 60 })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await trpcError(other.caller.reminders.create({ taskId: task.id, minutesBefore: 1 }))).code,
    ).toBe('NOT_FOUND');
    expect((await trpcError(other.caller.reminders.list({ taskId: task.id }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (
        await trpcError(
          person.caller.reminders.create({ taskId: task.id, minutesBefore: 5, at: DUE }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(await person.caller.reminders.list({ taskId: task.id })).toHaveLength(5);
    await Promise.all([a.close(), b.close()]);
  });

  it('by email when the person turned email reminders on, due times in their zone, read from a real SMTP server', async () => {
    const smtp = await startSmtpTestServer();
    const { clock, a, b, runners, person } = await twoInstances(database().db);
    const delivery = createMailDelivery({
      db: database().db,
      config: {
        transport: { kind: 'smtp', url: smtp.url },
        from: 'Tasklane <t@tasklane.test>',
        appUrl: 'http://app.test',
      },
      logger: silentLogger,
      production: true,
    });
    const mailRunner = createJobRunner({
      db: database().db,
      handlers: { [MAIL_DELIVERY_JOB]: delivery.handler },
      pollIntervalMs: 20,
    });
    try {
      const off = await person.caller.tasks.create({ title: 'In app only', dueAt: DUE });
      await person.caller.reminders.create({ taskId: off.id, minutesBefore: 30 });
      clock.now = new Date('2030-06-03T08:30:00Z');
      while ((await runners[0].runOnce()) > 0);

      const me = await person.caller.auth.updateProfile({
        emailReminders: true,
        timeZone: 'America/New_York',
      });
      expect(me.emailReminders).toBe(true);
      // Every weekday, due 09:00 UTC: 05:00 in New York in June (EDT, UTC-4). The title is HTML
      // to show the HTML part escapes it.
      const on = await person.caller.tasks.create({
        title: 'Water <b>the</b> plants & ferns',
        dueAt: DUE,
        recurrence: { freq: 'weekly', interval: 1, byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'] },
      });
      await person.caller.reminders.create({ taskId: on.id, minutesBefore: 20 });
      // Due the day after the clocks go back (3 November 2030): 14:00 UTC is 09:00 EST (UTC-5),
      // although the reminder is sent in June, when New York is UTC-4.
      const winter = await person.caller.tasks.create({
        title: 'Book the flu shot',
        dueAt: new Date('2030-11-04T14:00:00Z'),
      });
      await person.caller.reminders.create({
        taskId: winter.id,
        at: new Date('2030-06-03T08:40:00Z'),
      });
      clock.now = new Date('2030-06-03T08:40:00Z');
      while ((await runners[1].runOnce()) > 0);
      await mailRunner.start();
      const mails = await smtp.waitForMails(2, (received) => received.to.includes(person.email));
      const bySubject = new Map(mails.map((mail) => [mail.subject, mail]));
      expect([...bySubject.keys()].sort()).toEqual([
        'Reminder: Book the flu shot',
        'Reminder: Water <b>the</b> plants & ferns',
      ]);
      const plants = bySubject.get('Reminder: Water <b>the</b> plants & ferns');
      expect(plants?.text).toContain(
        'A reminder about your task “Water <b>the</b> plants & ferns”. ' +
          'It is due Monday 3 June 2030 at 05:00 (America/New_York). Repeats every weekday.',
      );
      expect(plants?.html).toContain(
        '<p>A reminder about your task “Water &lt;b&gt;the&lt;/b&gt; plants &amp; ferns”. ' +
          'It is due Monday 3 June 2030 at 05:00 (America/New_York). Repeats every weekday.</p>',
      );
      expect(plants?.html).not.toContain('<b>');
      const flu = bySubject.get('Reminder: Book the flu shot');
      expect(flu?.text).toContain('It is due Monday 4 November 2030 at 09:00 (America/New_York).');
      expect(flu?.text).not.toContain('Repeats');
      expect(smtp.mails.filter((received) => received.to.includes(person.email))).toHaveLength(2);
    } finally {
      await mailRunner.stop();
      delivery.close();
      await smtp.stop();
      await Promise.all([a.close(), b.close()]);
    }
  });
});
