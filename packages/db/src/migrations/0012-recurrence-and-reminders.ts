import { sql, type Kysely } from 'kysely';

// Recurring tasks and reminders (issue 14). Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A recurring task is one row whose due time advances on each completion (specs/data-model.md).
  // `recurrence` is the typed RRULE subset as JSON; `series_start_at` is the series' first
  // occurrence (RFC 5545 DTSTART), from which a `count` is counted: it is set when the person sets
  // the rule or the due time, never by a completion.
  await sql`
    alter table tasks
      add column recurrence jsonb
        constraint tasks_recurrence_object check (jsonb_typeof(recurrence) = 'object'),
      add column series_start_at timestamptz(3),
      add constraint tasks_recurrence_needs_due
        check (recurrence is null or (due_at is not null and series_start_at is not null))`.execute(
    db,
  );

  // One row per completed occurrence of a recurring task. The key makes a completion of one
  // occurrence, retried or sent by two devices at once, one row.
  await sql`
    create table task_completions (
      task_id uuid not null references tasks (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      occurrence_at timestamptz(3) not null,
      completed_at timestamptz(3) not null,
      primary key (task_id, occurrence_at)
    )`.execute(db);
  await sql`create index task_completions_user_idx on task_completions (user_id)`.execute(db);

  // A reminder is an absolute time or an offset before the task's due time (moving with each
  // occurrence); exactly one of the two. At most 5 per task (checked by the scope under the
  // task's row lock).
  await sql`
    create table reminders (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      task_id uuid not null references tasks (id) on delete cascade,
      remind_at timestamptz(3),
      minutes_before integer
        constraint reminders_minutes_before_range check (minutes_before between 0 and 40320),
      created_at timestamptz(3) not null default now(),
      constraint reminders_one_time check ((remind_at is null) <> (minutes_before is null))
    )`.execute(db);
  await sql`create index reminders_task_idx on reminders (task_id)`.execute(db);

  // What happened at each fire time of a reminder: sent, or missed (over an hour late). The key
  // is a second guard, below the job's own, against sending one fire time twice.
  await sql`
    create table reminder_deliveries (
      reminder_id uuid not null references reminders (id) on delete cascade,
      fire_at timestamptz(3) not null,
      user_id uuid not null references users (id) on delete cascade,
      outcome text not null constraint reminder_deliveries_outcome_known check (outcome in ('sent', 'missed')),
      recorded_at timestamptz(3) not null,
      primary key (reminder_id, fire_at)
    )`.execute(db);
  await sql`create index reminder_deliveries_user_idx on reminder_deliveries (user_id)`.execute(db);

  // Off by default: reminders arrive in the app only until the person asks for mail.
  await sql`alter table users add column email_reminders boolean not null default false`.execute(
    db,
  );

  // A reminder reaches the live stream as an event of its own kind in the person's log.
  await sql`alter table task_events drop constraint task_events_kind_known`.execute(db);
  await sql`
    alter table task_events
      add constraint task_events_kind_known check (kind in ('upsert', 'delete', 'reminder')),
      add column reminder_id uuid,
      add column fire_at timestamptz(3),
      add constraint task_events_reminder_fields
        check ((kind = 'reminder') = (reminder_id is not null and fire_at is not null))`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from task_events where kind = 'reminder'`.execute(db);
  await sql`
    alter table task_events
      drop constraint task_events_reminder_fields,
      drop constraint task_events_kind_known,
      drop column reminder_id,
      drop column fire_at,
      add constraint task_events_kind_known check (kind in ('upsert', 'delete'))`.execute(db);
  await sql`alter table users drop column email_reminders`.execute(db);
  await sql`drop table reminder_deliveries`.execute(db);
  await sql`drop table reminders`.execute(db);
  await sql`drop table task_completions`.execute(db);
  await sql`
    alter table tasks
      drop constraint tasks_recurrence_needs_due,
      drop column series_start_at,
      drop column recurrence`.execute(db);
}
