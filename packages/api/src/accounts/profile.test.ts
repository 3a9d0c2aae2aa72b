// auth.updateProfile: the name and the time zone, and the zone's use by the due filters.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import { describeEachDatabase } from '@tasklane/db/testing';

import { callerFor } from '../testing';
import { trpcError, twoUsers } from '../tasks/task-test-support';

/** The instant of a wall-clock time in a zone, found by probing (no library needed). */
function instantIn(timeZone: string, wall: string): Date {
  const guess = new Date(`${wall}Z`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(guess);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const shown = new Date(
    `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}Z`,
  );
  return new Date(guess.getTime() - (shown.getTime() - guess.getTime()));
}

/** Today's date (YYYY-MM-DD) in a zone. */
function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

describeEachDatabase('auth.updateProfile', (database) => {
  describe('saving', () => {
    it('starts in UTC, saves a zone and a name, and me returns them', async () => {
      const { alice } = await twoUsers(database().db);
      expect((await alice.caller.auth.me()).timeZone).toBe('UTC');
      const updated = await alice.caller.auth.updateProfile({ timeZone: 'Europe/Paris' });
      expect(updated.timeZone).toBe('Europe/Paris');
      const renamed = await alice.caller.auth.updateProfile({ name: '  Alice B. ' });
      expect(renamed).toMatchObject({ name: 'Alice B.', timeZone: 'Europe/Paris' });
      expect(await alice.caller.auth.me()).toEqual(renamed);
    });

    it('keeps a zone in the runtime’s spelling', async () => {
      const { alice } = await twoUsers(database().db);
      const updated = await alice.caller.auth.updateProfile({ timeZone: 'america/new_york' });
      expect(updated.timeZone).toBe('America/New_York');
    });

    it.each([
      ['an unknown zone', { timeZone: 'Mars/Olympus' }],
      ['an offset', { timeZone: '+05:00' }],
      ['an empty zone', { timeZone: '' }],
      ['an empty name', { name: '  ' }],
      ['nothing', {}],
      ['an unknown field', { email: 'x@example.com' }],
    ])('refuses %s with a typed field error and changes nothing', async (_, input) => {
      const { alice } = await twoUsers(database().db);
      const before = await alice.caller.auth.me();
      // @ts-expect-error -- deliberately invalid input, as a client could send over HTTP
      const error = await trpcError(alice.caller.auth.updateProfile(input));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(ZodError);
      if ('timeZone' in input && error.cause instanceof ZodError) {
        expect(error.cause.issues[0]?.path).toEqual(['timeZone']);
      }
      expect(await alice.caller.auth.me()).toEqual(before);
    });

    it('refuses an unauthenticated caller', async () => {
      const { services } = await twoUsers(database().db);
      const error = await trpcError(
        callerFor(services).caller.auth.updateProfile({ timeZone: 'UTC' }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
    });
  });

  describe('the saved zone decides “today”', () => {
    // Zones whose "today" differs from UTC's for part of every day: one of these two is on
    // another calendar day than UTC at any instant.
    const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago'];

    it('tasks.list today/week and tasks.stats use the saved zone unless the call names one', async () => {
      const { alice } = await twoUsers(database().db);
      // A time of the zone's today that falls on another calendar day in UTC.
      const [zone, dueAt] = zones
        .flatMap((candidate) =>
          ['00:30', '12:00', '23:30'].map(
            (time) =>
              [candidate, instantIn(candidate, `${todayIn(candidate)}T${time}:00`)] as const,
          ),
        )
        .find(([, instant]) => todayIn('UTC', instant) !== todayIn('UTC')) ?? ['UTC', new Date()];
      await alice.caller.tasks.create({ title: 'Noon there', dueAt });

      const todayTitles = async (input: { timeZone?: string }) =>
        (await alice.caller.tasks.list({ due: 'today', ...input })).items.map((t) => t.title);

      expect(await todayTitles({})).toEqual([]);
      await alice.caller.auth.updateProfile({ timeZone: zone });
      expect(await todayTitles({})).toEqual(['Noon there']);
      expect((await alice.caller.tasks.list({ due: 'week' })).items).toHaveLength(1);
      expect((await alice.caller.tasks.stats()).dueToday).toBe(1);
      // A zone named by the call still wins.
      expect(await todayTitles({ timeZone: 'UTC' })).toEqual([]);
      expect((await alice.caller.tasks.stats({ timeZone: 'UTC' })).dueToday).toBe(0);
    });
  });
});
