import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import type { SignedInTestUser } from '../testing';
import type { Task } from './task';
import { TASK_ORDERS, TASK_SORTS, type TaskOrder, type TaskSort } from '../contract/task-rules';
import { trpcError, twoUsers } from './task-test-support';

const titlesOf = (tasks: readonly Task[]) => tasks.map((task) => task.title);

async function listAll(
  user: SignedInTestUser,
  input: Parameters<SignedInTestUser['caller']['tasks']['list']>[0],
): Promise<Task[]> {
  const page = await user.caller.tasks.list({ limit: 100, ...input });
  expect(page.nextCursor).toBeNull();
  return page.items;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The calendar date of an instant in a zone, as days since 1970-01-01. */
function localDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY;
}

const ZONES = [
  'UTC',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/New_York',
  'Asia/Kathmandu',
];

/** Waits while local midnight is less than a minute away in any zone, so "today" cannot move mid-test. */
async function awayFromMidnight(): Promise<void> {
  for (;;) {
    const now = Date.now();
    const soon = new Date(now + 60_000);
    if (ZONES.every((zone) => localDay(new Date(now), zone) === localDay(soon, zone))) return;
    await sleep(1000);
  }
}

describeEachDatabase('tasks.list', (database) => {
  describe('filters', () => {
    it('filters by status, priority and tag, and never shows another user’s tasks', async () => {
      const { alice, bob } = await twoUsers(database().db);
      const a = await alice.caller.tasks.create({ title: 'a', priority: 'high', tags: ['work'] });
      await alice.caller.tasks.create({ title: 'b', priority: 'low', tags: ['home', 'work'] });
      await alice.caller.tasks.create({ title: 'c', tags: ['home'] });
      await bob.caller.tasks.create({ title: 'bob', priority: 'high', tags: ['work'] });
      await alice.caller.tasks.setCompleted({ id: a.id, completed: true });

      expect(titlesOf(await listAll(alice, {}))).toEqual(['c', 'b', 'a']);
      expect(titlesOf(await listAll(alice, { status: 'active' }))).toEqual(['c', 'b']);
      expect(titlesOf(await listAll(alice, { status: 'completed' }))).toEqual(['a']);
      expect(titlesOf(await listAll(alice, { priority: 'high' }))).toEqual(['a']);
      expect(titlesOf(await listAll(alice, { priority: 'medium' }))).toEqual(['c']);
      expect(titlesOf(await listAll(alice, { tag: ' WORK ' }))).toEqual(['b', 'a']);
      expect(titlesOf(await listAll(alice, { tag: 'home', status: 'active' }))).toEqual(['c', 'b']);
      expect(titlesOf(await listAll(alice, { tag: 'nothing' }))).toEqual([]);
      expect(titlesOf(await listAll(bob, {}))).toEqual(['bob']);
    });

    it('filters by due date: overdue (active, past due), none', async () => {
      const { alice } = await twoUsers(database().db);
      const past = new Date(Date.now() - 2 * DAY);
      await alice.caller.tasks.create({ title: 'late', dueAt: past });
      const done = await alice.caller.tasks.create({ title: 'late but done', dueAt: past });
      await alice.caller.tasks.setCompleted({ id: done.id, completed: true });
      await alice.caller.tasks.create({ title: 'later', dueAt: new Date(Date.now() + 30 * DAY) });
      await alice.caller.tasks.create({ title: 'whenever' });
      expect(titlesOf(await listAll(alice, { due: 'overdue' }))).toEqual(['late']);
      expect(titlesOf(await listAll(alice, { due: 'none' }))).toEqual(['whenever']);
    });

    it('computes "today" and "week" as calendar days in the caller’s time zone', async () => {
      const { alice } = await twoUsers(database().db);
      await awayFromMidnight();
      const now = Date.now();
      const dues = Array.from(
        { length: 40 },
        (_, i) => new Date(now + (i * 7 - 60) * HOUR + HOUR / 2),
      );
      const byTitle = new Map<string, Date>();
      for (const [i, dueAt] of dues.entries()) {
        byTitle.set(`t${i}`, dueAt);
      }
      await Promise.all(
        [...byTitle].map(([title, dueAt]) => alice.caller.tasks.create({ title, dueAt })),
      );

      for (const timeZone of ZONES) {
        const today = localDay(new Date(now), timeZone);
        const expected = (days: number) =>
          [...byTitle]
            .filter(([, dueAt]) => {
              const day = localDay(dueAt, timeZone);
              return day >= today && day < today + days;
            })
            .map(([title]) => title)
            .sort();
        const todays = titlesOf(await listAll(alice, { due: 'today', timeZone })).sort();
        const weeks = titlesOf(await listAll(alice, { due: 'week', timeZone })).sort();
        expect({ timeZone, todays }).toEqual({ timeZone, todays: expected(1) });
        expect({ timeZone, weeks }).toEqual({ timeZone, weeks: expected(7) });
        expect(todays.length).toBeGreaterThan(0);
      }
      const stats = await alice.caller.tasks.stats({ timeZone: 'Asia/Kathmandu' });
      expect(stats.dueToday).toBe(
        titlesOf(await listAll(alice, { due: 'today', timeZone: 'Asia/Kathmandu' })).length,
      );
    }, 120_000);
  });

  describe('search', () => {
    const titles = [
      '50% done',
      '5000 items',
      'snake_case name',
      'snakeXcase name',
      `It's "quoted"`,
      'C:\\temp cleanup',
      'Café au lait',
    ];

    async function searchable() {
      const { alice, bob } = await twoUsers(database().db);
      for (const title of titles) await alice.caller.tasks.create({ title });
      await alice.caller.tasks.create({ title: 'Groceries', description: 'Buy MILK and eggs' });
      await bob.caller.tasks.create({ title: '50% done by Bob', description: 'milk' });
      const search = async (text: string) =>
        titlesOf(await listAll(alice, { search: text })).sort();
      return search;
    }

    it('treats %, _, backslashes and quotes as text', async () => {
      const search = await searchable();
      expect(await search('%')).toEqual(['50% done']);
      expect(await search('50%')).toEqual(['50% done']);
      expect(await search('_')).toEqual(['snake_case name']);
      expect(await search('snake_case')).toEqual(['snake_case name']);
      expect(await search('\\')).toEqual(['C:\\temp cleanup']);
      expect(await search(`"quoted"`)).toEqual([`It's "quoted"`]);
      expect(await search(`it's`)).toEqual([`It's "quoted"`]);
      expect(await search(`'`)).toEqual([`It's "quoted"`]);
      expect(await search(`'; drop table tasks; --`)).toEqual([]);
    });

    it('matches every word, case-insensitively, in the title or the description', async () => {
      const search = await searchable();
      expect(await search('CAFÉ')).toEqual(['Café au lait']);
      expect(await search('milk')).toEqual(['Groceries']);
      expect(await search('groceries EGGS')).toEqual(['Groceries']);
      expect(await search('milk tea')).toEqual([]);
      expect(await search('name')).toEqual(['snake_case name', 'snakeXcase name'].sort());
      expect(await search('   ')).toHaveLength(titles.length + 1);
    });
  });

  describe('sorting', () => {
    it('sorts priority high > medium > low (desc by default), and the reverse ascending', async () => {
      const { alice } = await twoUsers(database().db);
      for (const priority of ['medium', 'low', 'high', 'medium'] as const) {
        await alice.caller.tasks.create({ title: priority, priority });
      }
      const desc = await listAll(alice, { sort: 'priority' });
      expect(desc.map((task) => task.priority)).toEqual(['high', 'medium', 'medium', 'low']);
      const asc = await listAll(alice, { sort: 'priority', order: 'asc' });
      expect(asc.map((task) => task.priority)).toEqual(['low', 'medium', 'medium', 'high']);
    });

    it('puts tasks without a due date last in both orders', async () => {
      const { alice } = await twoUsers(database().db);
      await alice.caller.tasks.create({ title: 'none 1' });
      await alice.caller.tasks.create({ title: 'june', dueAt: new Date('2030-06-01T00:00:00Z') });
      await alice.caller.tasks.create({ title: 'none 2' });
      await alice.caller.tasks.create({ title: 'jan', dueAt: new Date('2030-01-01T00:00:00Z') });
      const asc = titlesOf(await listAll(alice, { sort: 'due' }));
      const desc = titlesOf(await listAll(alice, { sort: 'due', order: 'desc' }));
      expect(asc.slice(0, 2)).toEqual(['jan', 'june']);
      expect(desc.slice(0, 2)).toEqual(['june', 'jan']);
      expect(asc.slice(2).sort()).toEqual(['none 1', 'none 2']);
      expect(desc.slice(2).sort()).toEqual(['none 1', 'none 2']);
    });

    it('sorts titles case-insensitively (A to Z by default)', async () => {
      const { alice } = await twoUsers(database().db);
      for (const title of ['banana', 'Cherry', 'apple', 'Banana split']) {
        await alice.caller.tasks.create({ title });
      }
      expect(titlesOf(await listAll(alice, { sort: 'title' }))).toEqual([
        'apple',
        'banana',
        'Banana split',
        'Cherry',
      ]);
      expect(titlesOf(await listAll(alice, { sort: 'title', order: 'desc' }))).toEqual([
        'Cherry',
        'Banana split',
        'banana',
        'apple',
      ]);
    });
  });

  describe('paging', () => {
    it('refuses a malformed cursor and a cursor of another sort or order with BAD_REQUEST', async () => {
      const { alice } = await twoUsers(database().db);
      for (let i = 0; i < 3; i++) await alice.caller.tasks.create({ title: `t${i}` });
      const first = await alice.caller.tasks.list({ sort: 'title', limit: 1 });
      const cursor = first.nextCursor ?? '';
      expect(cursor).not.toBe('');
      for (const input of [
        { cursor: 'garbage' },
        { cursor: `${cursor}x` },
        { cursor },
        { cursor, sort: 'title', order: 'desc' },
      ] as const) {
        const error = await trpcError(alice.caller.tasks.list(input));
        expect(error.code).toBe('BAD_REQUEST');
      }
      const second = await alice.caller.tasks.list({ sort: 'title', limit: 1, cursor });
      expect(titlesOf(second.items)).toEqual(['t1']);
    });

    describe('through 1,000 tasks with ties, while tasks are added between pages', () => {
      let originals: Task[] = [];
      let users: Awaited<ReturnType<typeof twoUsers>> | undefined;

      const seed = async () => {
        if (users !== undefined) return users;
        users = await twoUsers(database().db);
        await sql`
          insert into tasks (user_id, title, priority, due_at, created_at)
          select cast(${users.alice.userId} as uuid),
            (array['alpha', 'Alpha', 'BETA', 'beta', 'Gamma', 'delta'])[1 + n % 6] || ' ' || (n % 37),
            (array['low', 'medium', 'high'])[1 + n % 3],
            case when n % 4 = 0 then null
              else timestamptz '2030-01-01T00:00:00Z' + make_interval(hours => n % 50) end,
            timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => n % 300)
          from generate_series(1, 1000) as n`.execute(database().db);
        originals = [];
        let cursor: string | null = null;
        do {
          const page: { items: Task[]; nextCursor: string | null } =
            await users.alice.caller.tasks.list({ limit: 100, cursor });
          originals.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(originals).toHaveLength(1000);
        return users;
      };

      const combos = TASK_SORTS.flatMap((sort) =>
        TASK_ORDERS.map((order) => [sort, order] as const),
      );

      it.each(combos)(
        'sort %s, order %s: each task exactly once, in order',
        async (sort, order) => {
          const { alice, bob } = await seed();
          const originalIds = new Set(originals.map((task) => task.id));
          const seen: Task[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page: { items: Task[]; nextCursor: string | null } =
              await alice.caller.tasks.list({ sort, order, limit: 37, cursor });
            seen.push(...page.items);
            cursor = page.nextCursor;
            pages += 1;
            // Tasks added mid-way, with keys that land before and after the cursor.
            await alice.caller.tasks.create({
              title: pages % 2 === 0 ? 'aaa added' : 'zzz added',
              priority: pages % 2 === 0 ? 'high' : 'low',
              dueAt: pages % 3 === 0 ? null : new Date(Date.UTC(2030, 0, 1, pages % 60)),
            });
            await bob.caller.tasks.create({ title: 'bob noise' });
          } while (cursor !== null);

          const ids = seen.map((task) => task.id);
          expect(new Set(ids).size).toBe(ids.length);
          const seenOriginals = seen.filter((task) => originalIds.has(task.id));
          expect(seenOriginals).toHaveLength(1000);
          expect(seenOriginals.map((task) => task.id)).toEqual(
            [...originals].sort(compareFor(sort, order)).map((task) => task.id),
          );
          expect(seen.some((task) => task.title === 'bob noise')).toBe(false);
        },
      );
    });
  });
});

const RANK = { low: 1, medium: 2, high: 3 } as const;

function compareFor(sort: TaskSort, order: TaskOrder): (a: Task, b: Task) => number {
  const sign = order === 'asc' ? 1 : -1;
  const missingDue = order === 'asc' ? Infinity : -Infinity;
  const key = (task: Task): (number | string)[] => {
    switch (sort) {
      case 'created':
        return [task.createdAt.getTime(), task.id];
      case 'priority':
        return [RANK[task.priority], task.createdAt.getTime(), task.id];
      case 'due':
        return [task.dueAt?.getTime() ?? missingDue, task.id];
      case 'title':
        return [task.title.toLowerCase(), task.id];
    }
  };
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i] ?? 0;
      const y = kb[i] ?? 0;
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  };
}
