import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { insertUser } from '../accounts/user-store';
import { isKnownAddress, KNOWN_ADDRESS_DAYS, rememberAddress } from './known-addresses';

describeEachDatabase('known sign-in addresses', (database) => {
  it('knows an address for 90 days after its last success, then forgets it', async () => {
    const { db } = database();
    const user = await insertUser(db, {
      email: `known-${randomUUID()}@example.com`,
      name: 'Known',
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$dGVzdHNhbHQ$not-a-real-hash',
    });
    const home = { userId: user.id, addressKey: 'home' };
    expect(await isKnownAddress(db, home)).toBe(false);
    await rememberAddress(db, home);
    expect(await isKnownAddress(db, home)).toBe(true);
    // Another user never shares it.
    expect(await isKnownAddress(db, { userId: randomUUID(), addressKey: 'home' })).toBe(false);

    await db
      .updateTable('sign_in_addresses')
      .set({ last_signed_in_at: sql<Date>`now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})` })
      .where('user_id', '=', user.id)
      .execute();
    expect(await isKnownAddress(db, home)).toBe(false);

    // The next success elsewhere deletes the stale row, so the table does not grow without end.
    await rememberAddress(db, { userId: user.id, addressKey: 'office' });
    const keys = await db
      .selectFrom('sign_in_addresses')
      .select('address_key')
      .where('user_id', '=', user.id)
      .execute();
    expect(keys).toEqual([{ address_key: 'office' }]);
  });
});
