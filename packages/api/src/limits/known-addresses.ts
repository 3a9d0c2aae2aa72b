// The only code that touches sign_in_addresses: where each user has signed in successfully (an
// HMAC of the address, see auth-rate-limits.ts). A known address is exempt from the account-wide
// failure ceiling, so guesses from elsewhere never lock the owner out from a place they use.
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

type Db = Kysely<Database>;

/** A remembered address counts as known for this long after its last successful sign-in. */
export const KNOWN_ADDRESS_DAYS = 90;

export interface UserAddress {
  userId: string;
  addressKey: string;
}

export async function isKnownAddress(db: Db, at: UserAddress): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_addresses')
    .select('user_id')
    .where('user_id', '=', at.userId)
    .where('address_key', '=', at.addressKey)
    .where(
      'last_signed_in_at',
      '>',
      sql<Date>`now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})`,
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a successful sign-in from the address, and forgets the user's addresses gone stale. */
export async function rememberAddress(db: Db, at: UserAddress): Promise<void> {
  await db
    .deleteFrom('sign_in_addresses')
    .where('user_id', '=', at.userId)
    .where(
      'last_signed_in_at',
      '<=',
      sql<Date>`now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})`,
    )
    .execute();
  await db
    .insertInto('sign_in_addresses')
    .values({ user_id: at.userId, address_key: at.addressKey })
    .onConflict((oc) =>
      oc.columns(['user_id', 'address_key']).doUpdateSet({ last_signed_in_at: sql<Date>`now()` }),
    )
    .execute();
}
