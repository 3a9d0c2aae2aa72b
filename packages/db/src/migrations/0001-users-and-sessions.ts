import { sql, type Kysely } from 'kysely';

// Migrations are frozen in time: they take Kysely<any> and never import the current schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null
        constraint users_email_shape check (
          char_length(email) between 3 and 254 and email = btrim(email) and position('@' in email) > 1
        ),
      name text not null
        constraint users_name_length check (char_length(name) between 1 and 100 and name = btrim(name)),
      password_hash text not null
        constraint users_password_hash_argon2id check (password_hash like '$argon2id$%'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // Email is unique whatever its case; lookups use lower(email) and so this index.
  await sql`create unique index users_email_lower_key on users (lower(email))`.execute(db);

  await sql`
    create table sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      user_agent text constraint sessions_user_agent_length check (char_length(user_agent) <= 512),
      constraint sessions_expiry_after_creation check (expires_at > created_at)
    )`.execute(db);
  await sql`create index sessions_user_id_created_at_idx on sessions (user_id, created_at desc)`.execute(
    db,
  );
  // Every server instance caches which sessions are live and forgets one when told on this
  // channel. A trigger (not application code) sends it, so a revocation made any way at all
  // (sign-out, a cascade from a deleted user, a manual UPDATE) reaches every instance, and it is
  // delivered only if the revoking transaction commits.
  await sql`
    create function tasklane_notify_session_revoked() returns trigger
    language plpgsql as $$
    begin
      perform pg_notify('tasklane_session_revoked', 's:' || old.id::text);
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger sessions_notify_revoked after update of revoked_at, expires_at on sessions
    for each row
    when (old.revoked_at is null and (new.revoked_at is not null or new.expires_at < old.expires_at))
    execute function tasklane_notify_session_revoked()`.execute(db);
  await sql`
    create trigger sessions_notify_deleted after delete on sessions
    for each row when (old.revoked_at is null)
    execute function tasklane_notify_session_revoked()`.execute(db);

  await sql`
    create table refresh_tokens (
      token_hash bytea primary key constraint refresh_tokens_hash_length check (octet_length(token_hash) = 32),
      session_id uuid not null references sessions (id) on delete cascade,
      created_at timestamptz not null default now(),
      used_at timestamptz
    )`.execute(db);
  await sql`create index refresh_tokens_session_id_idx on refresh_tokens (session_id)`.execute(db);

  await sql`
    create table rate_limits (
      key text primary key constraint rate_limits_key_length check (char_length(key) between 1 and 400),
      window_start timestamptz not null,
      hits integer not null constraint rate_limits_hits_positive check (hits > 0)
    )`.execute(db);
  await sql`create index rate_limits_window_start_idx on rate_limits (window_start)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table rate_limits`.execute(db);
  await sql`drop table refresh_tokens`.execute(db);
  await sql`drop table sessions`.execute(db);
  await sql`drop function tasklane_notify_session_revoked()`.execute(db);
  await sql`drop table users`.execute(db);
}
