import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Tags are checked element by element; CHECK cannot hold a subquery, so an immutable function does it.
  await sql`
    create function tasklane_tags_valid(tags text[]) returns boolean
    language sql immutable strict parallel safe
    as $$
      select cardinality(tags) <= 20
        and coalesce(bool_and(char_length(t) between 1 and 32 and t = lower(btrim(t))), true)
        and count(*) = count(distinct t)
      from unnest(tags) as t
    $$`.execute(db);

  await sql`
    create table tasks (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      title text not null
        constraint tasks_title_length check (char_length(title) between 1 and 200 and title = btrim(title)),
      description text not null default ''
        constraint tasks_description_length check (char_length(description) <= 5000),
      priority text not null default 'medium'
        constraint tasks_priority_known check (priority in ('low', 'medium', 'high')),
      priority_rank smallint generated always as (
        case priority when 'high' then 3 when 'medium' then 2 else 1 end
      ) stored,
      due_at timestamptz(3),
      tags text[] not null default '{}' constraint tasks_tags_valid check (tasklane_tags_valid(tags)),
      completed_at timestamptz(3),
      completed boolean generated always as (completed_at is not null) stored,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      version integer not null default 1 constraint tasks_version_positive check (version >= 1)
    )`.execute(db);

  // updated_at belongs to the database: no code path can forget it.
  await sql`
    create function tasklane_touch_updated_at() returns trigger
    language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger tasks_touch_updated_at before update on tasks
    for each row execute function tasklane_touch_updated_at()`.execute(db);

  // One index per list order, each led by user_id so a page costs the same at any table size.
  // A btree is read in either direction, so one index serves both orders of a sort; the due
  // sort needs two because tasks without a date come last in both orders (coalesce to
  // +infinity ascending, -infinity descending). Timestamps hold milliseconds (timestamptz(3))
  // so a JavaScript Date in a cursor is exactly the stored key. Tag and search filters run
  // inside one user's rows (at most 10,000), so they need no index of their own.
  await sql`create index tasks_user_created_idx on tasks (user_id, created_at, id)`.execute(db);
  await sql`create index tasks_user_completed_created_idx on tasks (user_id, completed, created_at, id)`.execute(
    db,
  );
  await sql`create index tasks_user_due_nulls_high_idx on tasks (user_id, coalesce(due_at, 'infinity'::timestamptz), id)`.execute(
    db,
  );
  await sql`create index tasks_user_due_nulls_low_idx on tasks (user_id, coalesce(due_at, '-infinity'::timestamptz), id)`.execute(
    db,
  );
  await sql`create index tasks_user_priority_idx on tasks (user_id, priority_rank, created_at, id)`.execute(
    db,
  );
  await sql`create index tasks_user_title_idx on tasks (user_id, (lower(title) collate "C"), id)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table tasks`.execute(db);
  await sql`drop function tasklane_touch_updated_at()`.execute(db);
  await sql`drop function tasklane_tags_valid(text[])`.execute(db);
}
