import { createHash } from 'node:crypto';

import { expect, it } from 'vitest';

import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { createTestServices, signedInTestUser } from '../testing';
import {
  accountTokenIsLive,
  issueAccountToken,
  redeemAccountToken,
  voidAccountTokens,
} from './account-tokens';

describeEachDatabase('account tokens', (database) => {
  async function newUser() {
    const services = await createTestServices(database().db);
    return signedInTestUser(services);
  }

  it('a token is 256 random bits in base64url, stored only as its SHA-256 hash', async () => {
    const { db } = database();
    const { userId } = await newUser();
    const token = await issueAccountToken(db, { userId, kind: 'password-reset' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await db
      .selectFrom('account_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    expect(rows).toHaveLength(1);
    // PGlite reads bytea as a Uint8Array, pg as a Buffer.
    const stored = Buffer.from(rows[0]?.token_hash ?? new Uint8Array(0));
    expect(stored.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('is single use, and only for its kind', async () => {
    const { db } = database();
    const { userId } = await newUser();
    const token = await issueAccountToken(db, { userId, kind: 'password-reset' });
    expect(await redeemAccountToken(db, 'email-verification', token)).toBeUndefined();
    expect(await accountTokenIsLive(db, 'password-reset', token)).toBe(true);
    expect(await redeemAccountToken(db, 'password-reset', token)).toEqual({
      userId,
      newEmail: null,
    });
    expect(await redeemAccountToken(db, 'password-reset', token)).toBeUndefined();
    expect(await accountTokenIsLive(db, 'password-reset', token)).toBe(false);
  });

  it('expires: reset after 1 hour, verification and email change after 24 hours', async () => {
    const { db } = database();
    const { userId } = await newUser();
    await issueAccountToken(db, { userId, kind: 'password-reset' });
    await issueAccountToken(db, { userId, kind: 'email-verification' });
    await issueAccountToken(db, { userId, kind: 'email-change', newEmail: 'new@example.com' });
    const { rows } = await sql<{ kind: string; seconds: number }>`
      select kind, extract(epoch from expires_at - created_at)::int as seconds
      from account_tokens where user_id = ${userId} order by kind`.execute(db);
    expect(rows).toEqual([
      { kind: 'email-change', seconds: 86_400 },
      { kind: 'email-verification', seconds: 86_400 },
      { kind: 'password-reset', seconds: 3600 },
    ]);

    const token = await issueAccountToken(db, { userId, kind: 'password-reset' });
    // An hour later (moved in the database, not slept through).
    await db
      .updateTable('account_tokens')
      .set({
        created_at: sql`now() - interval '2 hours'`,
        expires_at: sql`now() - interval '1 second'`,
      })
      .where('user_id', '=', userId)
      .where('kind', '=', 'password-reset')
      .execute();
    expect(await redeemAccountToken(db, 'password-reset', token)).toBeUndefined();
  });

  it('a newer token of a kind replaces the older ones; voiding removes the unused ones', async () => {
    const { db } = database();
    const { userId } = await newUser();
    const first = await issueAccountToken(db, { userId, kind: 'password-reset' });
    const second = await issueAccountToken(db, { userId, kind: 'password-reset' });
    const verification = await issueAccountToken(db, { userId, kind: 'email-verification' });
    expect(await accountTokenIsLive(db, 'password-reset', first)).toBe(false);
    expect(await accountTokenIsLive(db, 'password-reset', second)).toBe(true);

    await voidAccountTokens(db, userId, 'password-reset');
    expect(await redeemAccountToken(db, 'password-reset', second)).toBeUndefined();
    expect(await accountTokenIsLive(db, 'email-verification', verification)).toBe(true);
  });

  it('an email-change token carries its new address; malformed tokens are simply invalid', async () => {
    const { db } = database();
    const { userId } = await newUser();
    const token = await issueAccountToken(db, {
      userId,
      kind: 'email-change',
      newEmail: 'next@example.com',
    });
    expect(await redeemAccountToken(db, 'email-change', token)).toEqual({
      userId,
      newEmail: 'next@example.com',
    });
    for (const bad of ['', 'short', `${token}x`, 'a'.repeat(43).replace('a', '!')]) {
      expect(await redeemAccountToken(db, 'password-reset', bad)).toBeUndefined();
    }
  });

  it('two redemptions of one token at once: exactly one succeeds', async () => {
    const { db } = database();
    const { userId } = await newUser();
    const token = await issueAccountToken(db, { userId, kind: 'password-reset' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction().execute((trx) => redeemAccountToken(trx, 'password-reset', token)),
      ),
    );
    expect(results.filter((result) => result !== undefined)).toHaveLength(1);
  });
});
