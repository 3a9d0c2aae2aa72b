import { sql, type Kysely } from 'kysely';

// A task change's notification carries the change itself: its event id, its kind and, for an
// upsert, the task as that change left it, after the owner's id and a space. An instance holding
// that person's streams then hands the change to them without reading the log back, which was one
// log read per change and instance (specs/performance.md, live events). The log stays the truth:
// the hub uses a carried change only when it is the very next event of the streams' position, and
// reads the log otherwise (a stream behind, a resume, a notification without a change).
//
// A payload over PostgreSQL's 8,000 bytes (a long description in a multi-byte script) is sent as
// the owner's id alone, as before, and the streams read the log. Distinct payloads are no longer
// merged within a transaction, so a statement changing many of a person's tasks sends one
// notification per change (each a wake that costs no read). Reminder events keep the plain owner
// id (task-event-log.ts: appendReminderEvents).
//
// The task's columns are those of the log read (migration 0013) and of TaskRecord: a column added
// to tasks and to the API's task must be added to both functions. Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function tasklane_record_task_event(owner uuid, change text, task uuid, current json)
    returns void
    language plpgsql as $$
    declare
      next_seq bigint;
      payload text;
    begin
      insert into task_event_heads as head (user_id, last_seq) values (owner, 1)
        on conflict (user_id) do update set last_seq = head.last_seq + 1
        returning last_seq into next_seq;
      insert into task_events (user_id, seq, kind, task_id) values (owner, next_seq, change, task);
      payload := owner::text || ' ' ||
        json_build_object('seq', next_seq, 'kind', change, 'taskId', task, 'task', current)::text;
      if octet_length(payload) >= 8000 then
        payload := owner::text;
      end if;
      perform pg_notify('tasklane_task_events', payload);
    end
    $$`.execute(db);

  await sql`
    create or replace function tasklane_task_changed() returns trigger
    language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') and (tg_op = 'DELETE' or old.user_id <> new.user_id) then
        if exists (select 1 from users where id = old.user_id) then
          perform tasklane_record_task_event(old.user_id, 'delete', old.id, null);
        end if;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform tasklane_record_task_event(new.user_id, 'upsert', new.id, json_build_object(
          'id', new.id, 'title', new.title, 'description', new.description,
          'completed', new.completed, 'priority', new.priority, 'due_at', new.due_at,
          'tags', new.tags, 'created_at', new.created_at, 'updated_at', new.updated_at,
          'completed_at', new.completed_at, 'version', new.version, 'list_id', new.list_id,
          'recurrence', new.recurrence));
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`drop function tasklane_record_task_event(uuid, text, uuid)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create function tasklane_record_task_event(owner uuid, change text, task uuid) returns void
    language plpgsql as $$
    declare
      next_seq bigint;
    begin
      insert into task_event_heads as head (user_id, last_seq) values (owner, 1)
        on conflict (user_id) do update set last_seq = head.last_seq + 1
        returning last_seq into next_seq;
      insert into task_events (user_id, seq, kind, task_id) values (owner, next_seq, change, task);
      perform pg_notify('tasklane_task_events', owner::text);
    end
    $$`.execute(db);
  await sql`
    create or replace function tasklane_task_changed() returns trigger
    language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') and (tg_op = 'DELETE' or old.user_id <> new.user_id) then
        if exists (select 1 from users where id = old.user_id) then
          perform tasklane_record_task_event(old.user_id, 'delete', old.id);
        end if;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform tasklane_record_task_event(new.user_id, 'upsert', new.id);
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`drop function tasklane_record_task_event(uuid, text, uuid, json)`.execute(db);
}
