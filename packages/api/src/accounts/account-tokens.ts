// One-time tokens sent by mail (verification, password reset, email change): 256 random bits,
// base64url, stored only as a SHA-256 hash, single use, expiring. A newer token of a kind
// replaces the older ones of that kind for that user.
import { createHash, randomBytes } from 'node:crypto';

import { sql, type Kysely } from 'kysely';

import type { AccountTokenKind, Database } from '@tasklane/db';

type Db = Kysely<Database>;

export const ACCOUNT_TOKEN_TTL_SECONDS: Record<AccountTokenKind, number> = {
  'email-verification': 24 * 3600,
  'password-reset': 3600,
  'email-change': 24 * 3600,
};

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

function tokenHash(token: string): Buffer | null {
  if (!TOKEN_FORMAT.test(token)) return null;
  return createHash('sha256').update(token).digest();
}

/** Issues a token of `kind` for the user, voiding their earlier unused ones of that kind. */
export async function issueAccountToken(
  db: Db,
  fields: { userId: string; kind: AccountTokenKind; newEmail?: string },
): Promise<string> {
  await voidAccountTokens(db, fields.userId, fields.kind);
  const token = randomBytes(32).toString('base64url');
  const hash = tokenHash(token);
  if (hash === null) throw new Error('A new account token does not have the token format');
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hash,
      user_id: fields.userId,
      kind: fields.kind,
      new_email: fields.newEmail ?? null,
      expires_at: sql<Date>`now() + make_interval(secs => ${ACCOUNT_TOKEN_TTL_SECONDS[fields.kind]})`,
    })
    .execute();
  return token;
}

/** Deletes the user's unused tokens of a kind (a newer one replaces them, a reset voids them). */
export async function voidAccountTokens(
  db: Db,
  userId: string,
  kind: AccountTokenKind,
): Promise<void> {
  await db
    .deleteFrom('account_tokens')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .execute();
}

export interface RedeemedToken {
  userId: string;
  newEmail: string | null;
}

/**
 * Marks a live token of `kind` used and returns whose it is; undefined when it is unknown, used,
 * expired or of another kind. Call inside the transaction of the change it allows: the row lock
 * makes a second redemption of the same token wait, then find it used.
 */
export async function redeemAccountToken(
  db: Db,
  kind: AccountTokenKind,
  token: string,
): Promise<RedeemedToken | undefined> {
  const hash = tokenHash(token);
  if (hash === null) return undefined;
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['user_id', 'new_email'])
    .executeTakeFirst();
  return row === undefined ? undefined : { userId: row.user_id, newEmail: row.new_email };
}

/** Whether a token is live, without using it (to check a form before the expensive work). */
export async function accountTokenIsLive(
  db: Db,
  kind: AccountTokenKind,
  token: string,
): Promise<boolean> {
  const hash = tokenHash(token);
  if (hash === null) return false;
  const row = await db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('token_hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row !== undefined;
}
