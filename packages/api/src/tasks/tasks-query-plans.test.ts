// Queries scale with the page, not the table: with 100,000 tasks of other users present, every
// list query the router runs is served by an index led by user_id.
import { CompiledQuery } from 'kysely';
import { beforeAll, expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { taskCursorAfter } from './task-cursor';
import { taskListQuery, type TaskListSpec } from './task-list-query';
import { DEFAULT_TASK_ORDER, type TaskSort } from '../contract/task-rules';
import { bulkInsertTasks, twoUsers, withSetupConnection } from './task-test-support';

const baseSpec: TaskListSpec = {
  status: 'all',
  sort: 'created',
  order: 'desc',
  limit: 50,
  after: null,
  timeZone: 'UTC',
};

describeEachDatabase('task list query plans', (database) => {
  let userId = '';

  beforeAll(async () => {
    const { db } = database();
    await withSetupConnection(database(), (setup) =>
      sql`
      with owners as (
        insert into users (email, name, password_hash)
        select 'crowd-' || n || '@example.com', 'Crowd', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'
        from generate_series(1, 1000) as n
        returning id
      )
      insert into tasks (user_id, title, priority, due_at, created_at, completed_at)
      select owners.id,
        'Other ' || n,
        (array['low', 'medium', 'high'])[1 + n % 3],
        case when n % 5 = 0 then null else now() + make_interval(hours => n) end,
        now() - make_interval(secs => n),
        case when n % 2 = 0 then now() else null end
      from owners cross join generate_series(1, 100) as n`.execute(setup),
    );
    const { alice } = await twoUsers(db);
    userId = alice.userId;
    await bulkInsertTasks(database(), userId, 200);
    await withSetupConnection(database(), (setup) => sql`analyze tasks`.execute(setup));
  }, 120_000);

  async function plan(spec: TaskListSpec): Promise<string> {
    const { db } = database();
    const compiled = taskListQuery(db, userId, spec).compile();
    const result = await db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
    );
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  async function secondPage(sort: TaskSort): Promise<TaskListSpec> {
    const order = DEFAULT_TASK_ORDER[sort];
    const first = await taskListQuery(database().db, userId, {
      ...baseSpec,
      sort,
      order,
    }).execute();
    const last = first[baseSpec.limit - 1];
    if (last === undefined) throw new Error('the first page should be full');
    return { ...baseSpec, sort, order, after: taskCursorAfter(last, sort, order) };
  }

  it.each<[string, () => Promise<TaskListSpec>]>([
    ['the default list', () => Promise.resolve(baseSpec)],
    ['a status filter', () => Promise.resolve({ ...baseSpec, status: 'active' })],
    ['the due sort', () => Promise.resolve({ ...baseSpec, sort: 'due', order: 'asc' })],
    [
      'the due sort, descending',
      () => Promise.resolve({ ...baseSpec, sort: 'due', order: 'desc' }),
    ],
    ['the priority sort', () => Promise.resolve({ ...baseSpec, sort: 'priority' })],
    ['the title sort', () => Promise.resolve({ ...baseSpec, sort: 'title', order: 'asc' })],
    ['a later page of the default list', () => secondPage('created')],
    ['a later page of the due sort', () => secondPage('due')],
    ['a later page of the title sort', () => secondPage('title')],
    [
      'one list',
      () => Promise.resolve({ ...baseSpec, listId: '00000000-0000-4000-8000-000000000000' }),
    ],
    ['the Inbox', () => Promise.resolve({ ...baseSpec, listId: null })],
  ])('serves %s from an index, never a sequential scan of tasks', async (_, spec) => {
    const text = await plan(await spec());
    expect(text).not.toMatch(/Seq Scan on tasks/);
    expect(text).not.toMatch(/^\s*(->\s*)?Sort\b/m);
    expect(text).toMatch(/Index (Only )?Scan( Backward)? using tasks_user_\w+ on tasks/);
  });
});
