// The only code that reads the task event log (tables task_events and task_event_heads, written
// by a trigger on tasks). Every query filters by the user id the scope was made for, and the
// join to tasks matches the same user, so a log never yields another person's task.
import { sql, type Kysely, type Selectable } from 'kysely';

import type { Database, TaskEventKind, TaskEventsTable } from '@tasklane/db';

import type { TaskRecord } from '../tasks/task';

/**
 * Announces a person's new events, with their user id, once per commit: sent by the trigger on
 * tasks (migration 0003) and by reminder delivery; each instance's event hub listens to it.
 */
export const TASK_EVENTS_CHANNEL = 'tasklane_task_events';

export interface LogPosition {
  /** The person's last event id (0 before their first change). */
  head: number;
  /** Their oldest event still kept, or null when retention removed every one. */
  oldest: number | null;
}

export interface LoggedChange {
  seq: number;
  kind: TaskEventKind;
  taskId: string;
  /** The task as it is now; null once it is deleted (a later delete event says so). */
  current: TaskRecord | null;
  /** On a 'reminder' event: which reminder, for which fire time. */
  reminder: { reminderId: string; fireAt: Date } | null;
}

export type TaskEventLog = ReturnType<typeof taskEventLog>;

export function taskEventLog(db: Kysely<Database>, userId: string) {
  return {
    async position(): Promise<LogPosition> {
      const row = await db
        .selectFrom('task_event_heads')
        .where('user_id', '=', userId)
        .select((eb) => [
          'last_seq',
          eb
            .selectFrom('task_events')
            .where('user_id', '=', userId)
            .select((inner) => inner.fn.min('seq').as('oldest'))
            .as('oldest'),
        ])
        .executeTakeFirst();
      return { head: row?.last_seq ?? 0, oldest: row?.oldest ?? null };
    },

    /**
     * Up to `limit` changes after event `seq`, oldest first, each with its task as it is now.
     * Read through a function (migration 0013) whose plan is made once per connection: planning
     * this join on every read cost about six times its execution, once per change and instance.
     */
    async after(seq: number, limit: number): Promise<LoggedChange[]> {
      const { rows } = await sql<LoggedRow>`
        select * from tasklane_task_changes_after(${userId}, ${seq}, ${limit})`.execute(db);
      return rows.map(toLoggedChange);
    },
  };
}

interface PendingRead {
  userId: string;
  seq: number;
  limit: number;
  resolve: (changes: LoggedChange[]) => void;
  reject: (error: unknown) => void;
}

export interface BatchedLogReads {
  /** One person's log, read in a statement shared with the reads asked for at the same moment. */
  of(userId: string): Pick<TaskEventLog, 'after'>;
}

/**
 * The log reads of every person with a stream on this instance. The reads asked for in the same
 * turn of the event loop (people whose notifications arrived together) go to the database as one
 * statement: a statement's fixed cost (its round trip, transaction and function call) was most of
 * what a read cost PostgreSQL once its plan was cached. Each person's rows are still read by their
 * own call of tasklane_task_changes_after with their own user id, and handed back by the position
 * of the request in the statement, so a read never yields another person's change. A read is sent
 * after it was asked for, so its snapshot still includes whatever the wake that asked announced.
 */
export function batchedLogReads(db: Kysely<Database>): BatchedLogReads {
  let pending: PendingRead[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    readTogether(db, batch).then(
      (answers) => {
        batch.forEach((read, index) => {
          read.resolve(answers[index] ?? []);
        });
      },
      (error: unknown) => {
        for (const read of batch) read.reject(error);
      },
    );
  };
  return {
    of(userId) {
      return {
        after: (seq, limit) =>
          new Promise<LoggedChange[]>((resolve, reject) => {
            pending.push({ userId, seq, limit, resolve, reject });
            if (pending.length === 1) setImmediate(flush);
          }),
      };
    },
  };
}

/** The answers to `reads`, in their order. */
async function readTogether(
  db: Kysely<Database>,
  reads: readonly PendingRead[],
): Promise<LoggedChange[][]> {
  const [only] = reads;
  if (reads.length === 1 && only !== undefined) {
    return [await taskEventLog(db, only.userId).after(only.seq, only.limit)];
  }
  const { rows } = await sql<LoggedRow & { request: number }>`
    select r.request, c.*
    from unnest(
      ${sql.val(reads.map((read) => read.userId))}::uuid[],
      ${sql.val(reads.map((read) => read.seq))}::bigint[],
      ${sql.val(reads.map((read) => read.limit))}::integer[]
    ) with ordinality as r (owner, after_seq, max_rows, request)
    cross join lateral tasklane_task_changes_after(r.owner, r.after_seq, r.max_rows) as c
    order by r.request, c.seq`.execute(db);
  const answers = reads.map((): LoggedChange[] => []);
  // `request` counts from 1 (with ordinality).
  for (const row of rows) answers[row.request - 1]?.push(toLoggedChange(row));
  return answers;
}

/** A row of tasklane_task_changes_after: the event, and its task's columns when it still exists. */
type LoggedRow = Pick<
  Selectable<TaskEventsTable>,
  'seq' | 'kind' | 'task_id' | 'reminder_id' | 'fire_at'
> &
  JoinedRow;

function toLoggedChange(row: LoggedRow): LoggedChange {
  return {
    seq: row.seq,
    kind: row.kind,
    taskId: row.task_id,
    current: currentTask(row),
    reminder:
      row.reminder_id === null || row.fire_at === null
        ? null
        : { reminderId: row.reminder_id, fireAt: row.fire_at },
  };
}

type JoinedRow = { current_id: string | null } & {
  [K in keyof TaskRecord as K extends 'id' ? never : K]: TaskRecord[K] | null;
};

function currentTask(row: JoinedRow): TaskRecord | null {
  const { current_id: id, title, description, completed, priority, tags } = row;
  const { created_at: createdAt, updated_at: updatedAt, version } = row;
  if (
    id === null ||
    title === null ||
    description === null ||
    completed === null ||
    priority === null ||
    tags === null ||
    createdAt === null ||
    updatedAt === null ||
    version === null
  ) {
    return null;
  }
  return {
    id,
    title,
    description,
    completed,
    priority,
    due_at: row.due_at,
    tags,
    created_at: createdAt,
    updated_at: updatedAt,
    completed_at: row.completed_at,
    version,
    list_id: row.list_id,
    recurrence: row.recurrence,
  };
}

export interface ReminderEvent {
  userId: string;
  taskId: string;
  reminderId: string;
  fireAt: Date;
}

/**
 * Appends reminder events to their owners' logs inside `trx` (the delivery's transaction) in
 * three statements whatever their number: each person's head moves by their count of events at
 * once (people in id order, so two batches lock heads in the same order), the events take the
 * ids in between, and each person's streams are woken once when it commits.
 */
export async function appendReminderEvents(
  trx: Kysely<Database>,
  events: readonly ReminderEvent[],
): Promise<void> {
  const byUser = new Map<string, ReminderEvent[]>();
  for (const event of events) {
    const own = byUser.get(event.userId);
    if (own === undefined) byUser.set(event.userId, [event]);
    else own.push(event);
  }
  if (byUser.size === 0) return;
  const users = [...byUser.keys()].sort();
  const heads = await trx
    .insertInto('task_event_heads')
    .values(users.map((userId) => ({ user_id: userId, last_seq: byUser.get(userId)?.length ?? 0 })))
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet((eb) => ({
        last_seq: eb('task_event_heads.last_seq', '+', eb.ref('excluded.last_seq')),
      })),
    )
    .returning(['user_id', 'last_seq'])
    .execute();
  const rows = heads.flatMap((head) => {
    const own = byUser.get(head.user_id) ?? [];
    const first = head.last_seq - own.length + 1;
    return own.map((event, index) => ({
      user_id: event.userId,
      seq: first + index,
      kind: 'reminder' as const,
      task_id: event.taskId,
      reminder_id: event.reminderId,
      fire_at: event.fireAt,
    }));
  });
  await trx.insertInto('task_events').values(rows).execute();
  await sql`select pg_notify(${TASK_EVENTS_CHANNEL}, owner) from unnest(${sql.val(users)}::text[]) as owner`.execute(
    trx,
  );
}

/**
 * Deletes events older than `before`, in batches so no statement holds many locks for long.
 * Safe to run on every instance at once. Returns how many were deleted.
 */
export async function pruneTaskEvents(
  db: Kysely<Database>,
  before: Date,
  batchSize = 5000,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db
      .deleteFrom('task_events')
      .where((eb) =>
        eb(
          eb.refTuple('user_id', 'seq'),
          'in',
          eb
            .selectFrom('task_events as old')
            .where('old.created_at', '<', before)
            .select(['old.user_id', 'old.seq'])
            .limit(batchSize)
            .$asTuple('user_id', 'seq'),
        ),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
