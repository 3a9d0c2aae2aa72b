import { sql, type Kysely } from 'kysely';

// Email verification, password reset and email change. Frozen in time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column email_verified_at timestamptz`.execute(db);

  // One-time tokens sent by mail, stored only as a SHA-256 hash of the 256-bit token.
  await sql`
    create table account_tokens (
      token_hash bytea primary key constraint account_tokens_hash_length check (octet_length(token_hash) = 32),
      user_id uuid not null references users (id) on delete cascade,
      kind text not null
        constraint account_tokens_kind_known check (kind in ('email-verification', 'password-reset', 'email-change')),
      new_email text
        constraint account_tokens_new_email check (
          (kind = 'email-change') = (new_email is not null)
          and (new_email is null or char_length(new_email) between 3 and 254)
        ),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      constraint account_tokens_expiry_after_creation check (expires_at > created_at)
    )`.execute(db);
  await sql`create index account_tokens_user_kind_idx on account_tokens (user_id, kind)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table account_tokens`.execute(db);
  await sql`alter table users drop column email_verified_at`.execute(db);
}
