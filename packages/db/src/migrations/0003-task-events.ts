import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Each person's position in their own event log. The row is locked by every change to that
  // person's tasks until it commits, so their event ids are given out in commit order: a reader
  // that sees event n of a person can never later see an event < n of that person appear.
  await sql`
    create table task_event_heads (
      user_id uuid primary key references users (id) on delete cascade,
      last_seq bigint not null constraint task_event_heads_seq_positive check (last_seq >= 1)
    )`.execute(db);

  // What changed, not how it looks now: readers join the task's current row, so the log stays
  // small and a client always receives the latest version of a task.
  await sql`
    create table task_events (
      user_id uuid not null references users (id) on delete cascade,
      seq bigint not null,
      kind text not null constraint task_events_kind_known check (kind in ('upsert', 'delete')),
      task_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (user_id, seq)
    )`.execute(db);
  // Retention deletes by age.
  await sql`create index task_events_created_at_idx on task_events (created_at)`.execute(db);

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
      -- Identical payloads are sent once per transaction: a statement that changes many tasks of
      -- one person wakes their streams once.
      perform pg_notify('tasklane_task_events', owner::text);
    end
    $$`.execute(db);

  // A trigger, not application code, so every change produces its event whatever made it: any
  // procedure, another service, a manual statement. A task deleted with its user (account
  // deletion) records nothing: that person's log goes with them.
  await sql`
    create function tasklane_task_changed() returns trigger
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
  await sql`
    create trigger tasks_record_events after insert or update or delete on tasks
    for each row execute function tasklane_task_changed()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tasks_record_events on tasks`.execute(db);
  await sql`drop function tasklane_task_changed()`.execute(db);
  await sql`drop function tasklane_record_task_event(uuid, text, uuid)`.execute(db);
  await sql`drop table task_events`.execute(db);
  await sql`drop table task_event_heads`.execute(db);
}
