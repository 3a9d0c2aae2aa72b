// The device_codes table: the only module that queries it. A code is found by its device code
// (the device polling) or its user code (the person deciding); both are secrets, and once
// decided a row belongs to the person who decided it. Times come from the application clock.
import type { Kysely } from 'kysely';

import type { Database, DeviceCodeState } from '@tasklane/db';

type Db = Kysely<Database>;

/** Rows this long past their expiry are deleted (when a code is made, and by the daily prune). */
const PRUNE_AFTER_SECONDS = 24 * 3600;

export interface NewDeviceCode {
  deviceCodeHash: Buffer;
  userCodeHash: Buffer;
  clientName: string;
  userAgent: string | null;
  now: Date;
  ttlSeconds: number;
  intervalSeconds: number;
}

/** Stores a new code; false when its user code collides with a stored one (make another). */
export async function insertDeviceCode(db: Db, code: NewDeviceCode): Promise<boolean> {
  const inserted = await db
    .insertInto('device_codes')
    .values({
      device_code_hash: code.deviceCodeHash,
      user_code_hash: code.userCodeHash,
      client_name: code.clientName,
      user_agent: code.userAgent,
      created_at: code.now,
      expires_at: new Date(code.now.getTime() + code.ttlSeconds * 1000),
      interval_seconds: code.intervalSeconds,
    })
    .onConflict((conflict) => conflict.column('user_code_hash').doNothing())
    .returning('device_code_hash')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Deletes codes expired a day ago: they can only ever answer `expired`, as unknown ones do.
 * Returns how many went.
 */
export async function pruneDeviceCodes(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('device_codes')
    .where('expires_at', '<', new Date(now.getTime() - PRUNE_AFTER_SECONDS * 1000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface PolledDeviceCode {
  state: DeviceCodeState;
  userId: string | null;
  clientName: string;
  userAgent: string | null;
  expiresAt: Date;
  intervalSeconds: number;
  /** The previous poll, before this one. */
  lastPolledAt: Date | null;
}

/**
 * Locks the code for the rest of the transaction and records this poll. Call inside a
 * transaction: a concurrent poll of the same code waits for it, then sees what it did.
 */
export async function recordPoll(
  trx: Db,
  deviceCodeHash: Buffer,
  now: Date,
): Promise<PolledDeviceCode | undefined> {
  const row = await trx
    .selectFrom('device_codes')
    .select([
      'state',
      'user_id as userId',
      'client_name as clientName',
      'user_agent as userAgent',
      'expires_at as expiresAt',
      'interval_seconds as intervalSeconds',
      'last_polled_at as lastPolledAt',
    ])
    .where('device_code_hash', '=', deviceCodeHash)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) return undefined;
  await trx
    .updateTable('device_codes')
    .set({ last_polled_at: now })
    .where('device_code_hash', '=', deviceCodeHash)
    .execute();
  return row;
}

/** Marks an approved code used (inside the poll's transaction, which holds its lock). */
export async function markDeviceCodeUsed(trx: Db, deviceCodeHash: Buffer): Promise<boolean> {
  const result = await trx
    .updateTable('device_codes')
    .set({ state: 'used' })
    .where('device_code_hash', '=', deviceCodeHash)
    .where('state', '=', 'approved')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface PendingDeviceCode {
  clientName: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A code still waiting for a decision, by its user code; undefined otherwise. */
export async function findPendingDeviceCode(
  db: Db,
  userCodeHash: Buffer,
  now: Date,
): Promise<PendingDeviceCode | undefined> {
  return db
    .selectFrom('device_codes')
    .select(['client_name as clientName', 'created_at as createdAt', 'expires_at as expiresAt'])
    .where('user_code_hash', '=', userCodeHash)
    .where('state', '=', 'pending')
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Approves or denies a pending, unexpired code in one statement, so a code is decided once: a
 * denied, used or expired code is never approved later. Undefined when nothing was pending.
 */
export async function decideDeviceCode(
  db: Db,
  decision: { userCodeHash: Buffer; userId: string; state: 'approved' | 'denied'; now: Date },
): Promise<PendingDeviceCode | undefined> {
  return db
    .updateTable('device_codes')
    .set({ state: decision.state, user_id: decision.userId, decided_at: decision.now })
    .where('user_code_hash', '=', decision.userCodeHash)
    .where('state', '=', 'pending')
    .where('expires_at', '>', decision.now)
    .returning(['client_name as clientName', 'created_at as createdAt', 'expires_at as expiresAt'])
    .executeTakeFirst();
}
