import { sql, type Kysely } from 'kysely';

// Lists group a person's tasks (a task without one is in the Inbox), and a person's IANA time zone
// decides their "today". Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table lists (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null
        constraint lists_name_length check (char_length(name) between 1 and 100 and name = btrim(name)),
      color text not null default 'gray'
        constraint lists_color_known check (color in ('gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple')),
      position integer not null constraint lists_position_positive check (position >= 0),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      version integer not null default 1 constraint lists_version_positive check (version >= 1),
      -- What the tasks' foreign key names, so a task can only ever be in a list of its own user.
      constraint lists_id_user_unique unique (id, user_id)
    )`.execute(db);
  // One name per person whatever its case ("Home" and "home" are the same list to a person).
  await sql`create unique index lists_user_name_idx on lists (user_id, lower(name))`.execute(db);
  await sql`create index lists_user_position_idx on lists (user_id, position, id)`.execute(db);
  await sql`
    create trigger lists_touch_updated_at before update on lists
    for each row execute function tasklane_touch_updated_at()`.execute(db);

  // No ON DELETE action: deleting a list moves its tasks to the Inbox or deletes them first, as
  // the person chose (packages/api/src/lists/list-scope.ts); a list still holding tasks cannot go.
  // A user's deletion takes their lists and tasks in the same statement, which the check allows.
  await sql`alter table tasks add column list_id uuid`.execute(db);
  await sql`
    alter table tasks add constraint tasks_list_fk
      foreign key (list_id, user_id) references lists (id, user_id)`.execute(db);
  // A list's tasks (filters, counts, the key check when a list is deleted), newest first.
  await sql`create index tasks_user_list_created_idx on tasks (user_id, list_id, created_at, id)`.execute(
    db,
  );

  await sql`alter table users add column time_zone text not null default 'UTC'
    constraint users_time_zone_length check (char_length(time_zone) between 1 and 64)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column time_zone`.execute(db);
  await sql`drop index tasks_user_list_created_idx`.execute(db);
  await sql`alter table tasks drop constraint tasks_list_fk`.execute(db);
  await sql`alter table tasks drop column list_id`.execute(db);
  await sql`drop table lists`.execute(db);
}
