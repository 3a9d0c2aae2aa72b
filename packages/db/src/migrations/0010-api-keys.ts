import { sql, type Kysely } from 'kysely';

// API keys: a person's long-lived, scoped credentials for services and scripts
// (packages/api/src/api-keys/). Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null
        constraint api_keys_name_length check (char_length(name) between 1 and 100 and name = btrim(name)),
      scopes text[] not null
        constraint api_keys_scopes_shape check (cardinality(scopes) between 1 and 20),
      prefix text not null
        constraint api_keys_prefix_shape check (left(prefix, 4) = 'tlk_' and char_length(prefix) between 5 and 20),
      key_hash bytea not null
        constraint api_keys_hash_length check (octet_length(key_hash) = 32),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      constraint api_keys_expiry_after_creation check (expires_at is null or expires_at > created_at)
    )`.execute(db);
  // Authentication finds a key by its hash, on every request that carries one.
  await sql`create unique index api_keys_key_hash_key on api_keys (key_hash)`.execute(db);
  await sql`create index api_keys_user_id_created_at_idx on api_keys (user_id, created_at desc)`.execute(
    db,
  );
  // Revoking a key deletes its row. The sessions' revocation trigger function (migration 0001)
  // announces it on the same channel, so every instance forgets the key before the revoking
  // request answers, whatever deleted it (revoke, or the cascade of a deleted account).
  await sql`
    create trigger api_keys_notify_deleted after delete on api_keys
    for each row execute function tasklane_notify_session_revoked()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table api_keys`.execute(db);
}
