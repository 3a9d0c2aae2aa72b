// The list query: filters, sort and keyset paging for one user's tasks. Each sort orders by the
// exact expressions of an index led by user_id (migration 0002), and the cursor condition is a
// row comparison on those expressions, so a page is an index range scan whatever its depth.
// Only task-scope.ts (and the query-plan test) builds it; every input value is a bound parameter.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

import type { Database, TaskPriority } from '@tasklane/db';

import { TASK_COLUMNS } from './task';
import type { TaskCursor } from './task-cursor';
import type { TaskDueFilter, TaskOrder, TaskSort, TaskStatusFilter } from '../contract/task-rules';
import { searchPatterns } from './task-search';

export interface TaskListSpec {
  status: TaskStatusFilter;
  search?: string | undefined;
  priority?: TaskPriority | undefined;
  tag?: string | undefined;
  due?: TaskDueFilter | undefined;
  sort: TaskSort;
  order: TaskOrder;
  limit: number;
  /** Where the previous page ended; its sort and order match this spec's. */
  after: TaskCursor | null;
  /** IANA name: "today" and "week" are calendar days in this zone. */
  timeZone: string;
  /** One list's tasks; null: the Inbox (tasks in no list); undefined: every task. */
  listId?: string | null | undefined;
}

// These texts must stay identical to the index expressions of migration 0002.
const createdAt = sql`created_at`;
const id = sql`id`;
const priorityRank = sql`priority_rank`;
const titleKey = sql<string>`lower(title) collate "C"`;
const dueNullsHigh = sql`coalesce(due_at, 'infinity'::timestamptz)`;
const dueNullsLow = sql`coalesce(due_at, '-infinity'::timestamptz)`;

/** Tasks without a due date sort after every date, in both orders. */
function dueKey(order: TaskOrder): RawBuilder<unknown> {
  return order === 'asc' ? dueNullsHigh : dueNullsLow;
}

function sortKeys(sort: TaskSort, order: TaskOrder): RawBuilder<unknown>[] {
  switch (sort) {
    case 'created':
      return [createdAt, id];
    case 'priority':
      return [priorityRank, createdAt, id];
    case 'due':
      return [dueKey(order), id];
    case 'title':
      return [titleKey, id];
  }
}

const timestamp = (value: string) => sql`cast(${value} as timestamptz)`;
const uuid = (value: string) => sql`cast(${value} as uuid)`;

/** The cursor's key as SQL values in the same shape as sortKeys. */
function cursorValues(cursor: TaskCursor): RawBuilder<unknown>[] {
  switch (cursor.s) {
    case 'created':
      return [timestamp(cursor.k[0]), uuid(cursor.k[1])];
    case 'priority':
      return [sql`cast(${cursor.k[0]} as smallint)`, timestamp(cursor.k[1]), uuid(cursor.k[2])];
    case 'due': {
      const missing = cursor.o === 'asc' ? 'infinity' : '-infinity';
      return [timestamp(cursor.k[0] ?? missing), uuid(cursor.k[1])];
    }
    case 'title':
      return [sql`cast(${cursor.k[0]} as text)`, uuid(cursor.k[1])];
  }
}

/** Local midnight `days` days after today's in the zone, as an instant. */
function localMidnight(timeZone: string, days: number): RawBuilder<Date> {
  return sql<Date>`((date_trunc('day', now() at time zone ${timeZone}) + make_interval(days => ${sql.lit(days)})) at time zone ${timeZone})`;
}

export function dueFilter(due: TaskDueFilter, timeZone: string): Expression<SqlBool> {
  switch (due) {
    case 'overdue':
      return sql<SqlBool>`(not completed and due_at < now())`;
    case 'today':
      return sql<SqlBool>`(due_at >= ${localMidnight(timeZone, 0)} and due_at < ${localMidnight(timeZone, 1)})`;
    case 'week':
      return sql<SqlBool>`(due_at >= ${localMidnight(timeZone, 0)} and due_at < ${localMidnight(timeZone, 7)})`;
    case 'none':
      return sql<SqlBool>`(due_at is null)`;
  }
}

/** Active tasks due today in the zone (for stats). */
export function dueTodayFilter(timeZone: string): Expression<SqlBool> {
  return sql<SqlBool>`(not completed and ${dueFilter('today', timeZone)})`;
}

/** Tasks of one list, or of the Inbox (null); no filter when undefined. */
export function listFilter(listId: string | null): Expression<SqlBool> {
  return listId === null
    ? sql<SqlBool>`(list_id is null)`
    : sql<SqlBool>`(list_id = cast(${listId} as uuid))`;
}

/** One page plus one row (to know whether another page follows), in the spec's order. */
export function taskListQuery(db: Kysely<Database>, userId: string, spec: TaskListSpec) {
  const keys = sortKeys(spec.sort, spec.order);
  let query = db
    .selectFrom('tasks')
    .select(TASK_COLUMNS)
    .select(['priority_rank', titleKey.as('title_key')])
    .where('user_id', '=', userId);

  if (spec.status !== 'all') query = query.where('completed', '=', spec.status === 'completed');
  if (spec.priority !== undefined) query = query.where('priority', '=', spec.priority);
  if (spec.tag !== undefined) {
    query = query.where(sql<SqlBool>`tags @> array[cast(${spec.tag} as text)]`);
  }
  if (spec.due !== undefined) query = query.where(dueFilter(spec.due, spec.timeZone));
  if (spec.listId !== undefined) query = query.where(listFilter(spec.listId));
  for (const pattern of searchPatterns(spec.search)) {
    query = query.where((eb) =>
      eb.or([eb('title', 'ilike', pattern), eb('description', 'ilike', pattern)]),
    );
  }
  if (spec.after !== null) {
    const comparison = spec.order === 'asc' ? sql.raw('>') : sql.raw('<');
    query = query.where(
      sql<SqlBool>`(${sql.join(keys)}) ${comparison} (${sql.join(cursorValues(spec.after))})`,
    );
  }
  for (const key of keys) query = query.orderBy(key, spec.order);
  return query.limit(spec.limit + 1);
}
