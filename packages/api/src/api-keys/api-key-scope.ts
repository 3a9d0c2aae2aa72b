// The only module that queries `api_keys`. A person's keys through `apiKeyScope(db, userId)`;
// authentication finds a key by the hash of its secret (it does not know the owner yet) and
// records its use.
import { sql, type Kysely } from 'kysely';

import type { ApiKeyRow, Database } from '@tasklane/db';

import { lockUser } from '../accounts/user-store';
import { MAX_API_KEYS_PER_USER } from '../contract/api-key-rules';

type Db = Kysely<Database>;

const KEY_COLUMNS = [
  'id',
  'name',
  'scopes',
  'prefix',
  'created_at',
  'last_used_at',
  'expires_at',
] as const;

export type ApiKeyRecord = Pick<ApiKeyRow, (typeof KEY_COLUMNS)[number]>;

export interface NewApiKeyRow {
  name: string;
  scopes: readonly string[];
  prefix: string;
  hash: Buffer;
  createdAt: Date;
  expiresAt: Date | null;
}

export type CreateApiKeyResult =
  | { status: 'created'; key: ApiKeyRecord }
  | { status: 'limit-reached'; limit: number }
  | { status: 'no-user' };

export function apiKeyScope(db: Db, userId: string) {
  return {
    /** Newest first. Expired keys are listed (they count until revoked). */
    list(): Promise<ApiKeyRecord[]> {
      return db
        .selectFrom('api_keys')
        .select(KEY_COLUMNS)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    /** Creates a key, never past the per-person limit (the user's row is locked while counting). */
    create(key: NewApiKeyRow): Promise<CreateApiKeyResult> {
      return db.transaction().execute(async (trx): Promise<CreateApiKeyResult> => {
        if (!(await lockUser(trx, userId))) return { status: 'no-user' };
        const { count } = await trx
          .selectFrom('api_keys')
          .where('user_id', '=', userId)
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .executeTakeFirstOrThrow();
        if (Number(count) >= MAX_API_KEYS_PER_USER) {
          return { status: 'limit-reached', limit: MAX_API_KEYS_PER_USER };
        }
        const created = await trx
          .insertInto('api_keys')
          .values({
            user_id: userId,
            name: key.name,
            scopes: [...key.scopes],
            prefix: key.prefix,
            key_hash: key.hash,
            created_at: key.createdAt,
            expires_at: key.expiresAt,
          })
          .returning(KEY_COLUMNS)
          .executeTakeFirstOrThrow();
        return { status: 'created', key: created };
      });
    },

    /**
     * Deletes the key if it is this person's; the table's trigger announces it to every instance.
     * True when a key was deleted.
     */
    async revoke(id: string): Promise<boolean> {
      const deleted = await db
        .deleteFrom('api_keys')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .returning('id')
        .executeTakeFirst();
      return deleted !== undefined;
    },
  };
}

export interface StoredApiKey {
  id: string;
  userId: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** The key whose secret hashes to `hash`, whoever owns it. */
export async function apiKeyByHash(db: Db, hash: Buffer): Promise<StoredApiKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'scopes', 'expires_at', 'last_used_at'])
    .where('key_hash', '=', hash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    scopes: row.scopes,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * Records the uses of many keys in one statement. Each is written only over a value at least
 * `intervalMs` older (written by this or another instance): a busy key's row changes about once
 * per interval, not on every request.
 */
export async function recordApiKeyUses(
  db: Db,
  uses: readonly { id: string; at: Date }[],
  intervalMs: number,
): Promise<void> {
  if (uses.length === 0) return;
  const rows = sql.join(uses.map(({ id, at }) => sql`(${id}::uuid, ${at}::timestamptz)`));
  await sql`
    update api_keys as k set last_used_at = u.at
    from (values ${rows}) as u (id, at)
    where k.id = u.id
      and (k.last_used_at is null or k.last_used_at <= u.at - make_interval(secs => ${intervalMs / 1000}))
  `.execute(db);
}
