import { sql, type Kysely } from 'kysely';

// Device login (RFC 8628) for the CLI: the codes a device is signing in with, and the name of the
// client a session was opened for. Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Shown in the session list ("Tasklane CLI on build-box"); null for sessions a browser opened.
  await sql`
    alter table sessions add column client_name text
      constraint sessions_client_name_length check (char_length(client_name) between 1 and 100)`.execute(
    db,
  );

  // The device code (256 random bits) is stored as its SHA-256 hash; the short user code as an
  // HMAC under a key derived from AUTH_SECRET, since 20^8 codes could be hashed exhaustively.
  // A row moves pending -> approved -> used, or pending -> denied, never back.
  await sql`
    create table device_codes (
      device_code_hash bytea primary key
        constraint device_codes_device_hash_length check (octet_length(device_code_hash) = 32),
      user_code_hash bytea not null unique
        constraint device_codes_user_hash_length check (octet_length(user_code_hash) = 32),
      client_name text not null
        constraint device_codes_client_name_length check (char_length(client_name) between 1 and 100),
      user_agent text,
      state text not null default 'pending'
        constraint device_codes_state_known check (state in ('pending', 'approved', 'denied', 'used')),
      user_id uuid references users (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      interval_seconds integer not null constraint device_codes_interval_positive check (interval_seconds > 0),
      last_polled_at timestamptz,
      decided_at timestamptz,
      constraint device_codes_expiry_after_creation check (expires_at > created_at),
      constraint device_codes_decided_by_someone check (
        (state = 'pending') = (user_id is null) and (state = 'pending') = (decided_at is null)
      )
    )`.execute(db);
  // What the prune on each new code reads: rows long expired.
  await sql`create index device_codes_expires_idx on device_codes (expires_at)`.execute(db);
  // Deleting a user finds their decided codes (the cascade).
  await sql`create index device_codes_user_idx on device_codes (user_id) where user_id is not null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table device_codes`.execute(db);
  await sql`alter table sessions drop column client_name`.execute(db);
}
