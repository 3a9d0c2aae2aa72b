// Shared by the task test files: error capture, bulk rows for setup, and a signed-in pair.
import { TRPCError } from '@trpc/server';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';

import { createDatabase, type Database } from '@tasklane/db';
import type { TestDatabase } from '@tasklane/db/testing';

import type { ApiServices } from '../context';
import { createTestServices, signedInTestUser, type SignedInTestUser } from '../testing';

/** The TRPCError a call rejects with (fails the test if it resolves or throws something else). */
export async function trpcError(call: Promise<unknown>): Promise<TRPCError> {
  const outcome: unknown = await call.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TRPCError);
  if (!(outcome instanceof TRPCError)) throw new Error('expected a TRPCError');
  return outcome;
}

export interface TwoUsers {
  services: ApiServices;
  alice: SignedInTestUser;
  bob: SignedInTestUser;
}

export async function twoUsers(db: Kysely<Database>): Promise<TwoUsers> {
  const services = await createTestServices(db);
  const [alice, bob] = await Promise.all([
    signedInTestUser(services, { name: 'Alice' }),
    signedInTestUser(services, { name: 'Bob' }),
  ]);
  return { services, alice, bob };
}

/**
 * Inserts `count` tasks for a user in one statement (setup only: real tasks go through the
 * router). Titles are "Bulk 1".."Bulk n"; created_at steps back one second per task.
 */
export async function bulkInsertTasks(
  database: TestDatabase,
  userId: string,
  count: number,
): Promise<void> {
  await withSetupConnection(database, (db) =>
    sql`
      insert into tasks (user_id, title, created_at)
      select cast(${userId} as uuid), 'Bulk ' || n, now() - make_interval(secs => n)
      from generate_series(1, cast(${count} as int)) as n`.execute(db),
  );
}

/**
 * Runs large setup statements on a connection of their own with generous timeouts: the pool's
 * statement and read timeouts protect requests, and a loaded 2-core machine may need longer to
 * insert 100,000 rows. PGlite has no timeouts, so its one connection serves.
 */
export async function withSetupConnection<T>(
  database: TestDatabase,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (database.url === undefined) return work(database.db);
  const setup = createDatabase({
    url: database.url,
    pool: { max: 1, statementTimeoutMillis: 600_000, connectionTimeoutMillis: 30_000 },
  });
  try {
    return await work(setup.db);
  } finally {
    await setup.destroy();
  }
}

export async function taskCount(db: Kysely<Database>, userId: string): Promise<number> {
  const { count } = await db
    .selectFrom('tasks')
    .where('user_id', '=', userId)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return count;
}
