import { sql, type Kysely } from 'kysely';

// The read of a person's event log that every live stream makes after each change, as a function
// with a plan made once per connection. Sent as a plain statement, PostgreSQL planned the join of
// the log to tasks for every read, and that planning (about 0.15 ms against 0.025 ms of execution:
// the planner weighs each of the tasks indexes that start with user_id) was most of the database
// time a change cost per instance holding that person's streams (specs/performance.md, live
// events). The plan is the same for every input (the log's primary key, then tasks' by id, at most
// `max_rows` rows), so the generic plan is forced rather than left to the plan cache's choice,
// which keeps planning a custom one when the statistics make it look cheaper.
//
// The task is matched on its owner with `is not distinct from` (the same as `=` here: neither
// side is ever null) rather than `=`: with `=`, the planner derives `tasks.user_id = owner` and a
// generic plan may read all of the person's tasks through a user_id index and scan them for every
// event (measured: a generic plan that did, on a database whose log had no statistics yet). This
// way tasks can only be reached by primary key, whatever the statistics. Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function tasklane_task_changes_after(owner uuid, after_seq bigint, max_rows integer)
    returns table (
      seq bigint,
      kind text,
      task_id uuid,
      reminder_id uuid,
      fire_at timestamptz,
      current_id uuid,
      title text,
      description text,
      completed boolean,
      priority text,
      due_at timestamptz,
      tags text[],
      created_at timestamptz,
      updated_at timestamptz,
      completed_at timestamptz,
      version integer,
      list_id uuid,
      recurrence jsonb
    )
    language plpgsql stable
    set plan_cache_mode = force_generic_plan
    as $$
    #variable_conflict use_column
    begin
      -- The join matches the owner too, so a log never yields another person's task.
      return query
        select e.seq, e.kind, e.task_id, e.reminder_id, e.fire_at,
               t.id, t.title, t.description, t.completed, t.priority, t.due_at, t.tags,
               t.created_at, t.updated_at, t.completed_at, t.version, t.list_id, t.recurrence
        from task_events as e
        left join tasks as t on t.id = e.task_id and t.user_id is not distinct from e.user_id
        where e.user_id = owner and e.seq > after_seq
        order by e.seq
        limit max_rows;
    end
    $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function tasklane_task_changes_after(uuid, bigint, integer)`.execute(db);
}
