import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Addresses a user has signed in from (keyed, never the address itself): failed sign-ins from
  // elsewhere cannot lock the owner out from a place they have used before.
  await sql`
    create table sign_in_addresses (
      user_id uuid not null references users (id) on delete cascade,
      address_key text not null constraint sign_in_addresses_key_length
        check (char_length(address_key) between 1 and 200),
      last_signed_in_at timestamptz not null default now(),
      primary key (user_id, address_key)
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sign_in_addresses`.execute(db);
}
