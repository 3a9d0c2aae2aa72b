// The only code that touches the users table. Emails are unique whatever their case (a unique
// index on lower(email)), so every lookup by email compares lower-case.
import { sql, type Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

type Db = Kysely<Database>;

/** A user as procedures return it. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** Whether the person proved they read mail at `email` (a verification or reset link). */
  emailVerified: boolean;
  /** IANA name ("Europe/Paris"); 'UTC' until the person sets one. */
  timeZone: string;
  /** Whether reminders are also sent by mail (off until the person turns it on). */
  emailReminders: boolean;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

const USER_COLUMNS = [
  'id',
  'email',
  'name',
  sql<boolean>`email_verified_at is not null`.as('emailVerified'),
  'time_zone as timeZone',
  'email_reminders as emailReminders',
  'created_at as createdAt',
] as const;

export function findUser(db: Db, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserWithPassword | undefined> {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash as passwordHash'])
    .where(sql<string>`lower(email)`, '=', sql<string>`lower(${email})`)
    .executeTakeFirst();
}

export async function emailInUse(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', sql<string>`lower(${email})`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function passwordHashOf(db: Db, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.password_hash;
}

/** Inserts a user; a taken email fails with the unique index's violation (isUniqueViolation). */
export function insertUser(
  db: Db,
  fields: { email: string; name: string; passwordHash: string },
): Promise<User> {
  return db
    .insertInto('users')
    .values({ email: fields.email, name: fields.name, password_hash: fields.passwordHash })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

/**
 * Sets a new password hash. With `replacing`, only while the stored hash is still that one, so an
 * upgrade of the hash never overwrites a concurrent password change.
 */
export async function setPasswordHash(
  db: Db,
  change: { userId: string; passwordHash: string; replacing?: string },
): Promise<void> {
  let query = db
    .updateTable('users')
    .set({ password_hash: change.passwordHash, updated_at: sql<Date>`now()` })
    .where('id', '=', change.userId);
  if (change.replacing !== undefined) query = query.where('password_hash', '=', change.replacing);
  await query.execute();
}

/** Records that the person proved they read mail at their address (kept if already set). */
export async function markEmailVerified(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_verified_at: sql<Date>`coalesce(email_verified_at, now())` })
    .where('id', '=', userId)
    .execute();
}

/**
 * Switches the user's email to a verified new address. Fails with the unique index's violation
 * (isUniqueViolation) when another account took the address, whatever its case.
 */
export async function changeEmail(
  db: Db,
  change: { userId: string; email: string },
): Promise<User | undefined> {
  return db
    .updateTable('users')
    .set({
      email: change.email,
      email_verified_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', change.userId)
    .returning(USER_COLUMNS)
    .executeTakeFirst();
}

/** The person's IANA time zone, or undefined when the user is gone. */
export async function timeZoneOf(db: Db, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('time_zone')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.time_zone;
}

/**
 * Changes the fields given (name, time zone); undefined when the user is gone. A zone the
 * database cannot convert to fails the statement (SQLSTATE 22023) and changes nothing.
 */
export function updateProfile(
  db: Db,
  change: {
    userId: string;
    name?: string | undefined;
    timeZone?: string | undefined;
    emailReminders?: boolean | undefined;
  },
): Promise<User | undefined> {
  let query = db
    .updateTable('users')
    .set({
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.timeZone === undefined ? {} : { time_zone: change.timeZone }),
      ...(change.emailReminders === undefined ? {} : { email_reminders: change.emailReminders }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', change.userId);
  if (change.timeZone !== undefined) {
    query = query.where(sql<boolean>`(now() at time zone ${change.timeZone}) is not null`);
  }
  return query.returning(USER_COLUMNS).executeTakeFirst();
}

/** A person who gets reminders by mail: where they go, and the zone their times are read in. */
export interface ReminderMailRecipient {
  email: string;
  timeZone: string;
}

/** The recipients among these people: each who turned mail on, in one query for a whole batch. */
export async function reminderMailRecipients(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, ReminderMailRecipient>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'time_zone'])
    .where('id', 'in', [...userIds])
    .where('email_reminders', '=', true)
    .execute();
  return new Map(rows.map((row) => [row.id, { email: row.email, timeZone: row.time_zone }]));
}

/** Deletes a user; their tasks, sessions and refresh tokens go with them (ON DELETE CASCADE). */
export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

/**
 * Locks the user's row until the transaction ends (FOR NO KEY UPDATE), so per-user counts
 * checked inside it cannot be raced. False when the user is gone.
 */
export async function lockUser(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row !== undefined;
}
