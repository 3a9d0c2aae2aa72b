import { sql } from 'kysely';
import { expect, it } from 'vitest';

import { createDatabase } from './create-database';
import { migrateDown, migrateToLatest, migrationStatus } from './migrator';
import { migrations } from './migrations/index';
import { describeEachDatabase } from './testing/describe-each-database';
import type { Database } from './schema';
import type { Kysely } from 'kysely';

/** The schema as the catalog sees it: columns, constraints, indexes, functions and triggers. */
async function catalogSnapshot(db: Kysely<Database>): Promise<unknown[]> {
  const { rows } = await sql<{ item: string }>`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
           || ' ' || coalesce(column_default, '') || ' ' || coalesce(generation_expression, '') as item
      from information_schema.columns where table_schema = 'public'
    union all
    select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = 'public'::regnamespace
    union all
    select 'index ' || indexdef from pg_indexes where schemaname = 'public'
    union all
    select 'function ' || p.proname || ' ' || md5(pg_get_functiondef(p.oid))
      from pg_proc p where p.pronamespace = 'public'::regnamespace
    union all
    select 'trigger ' || tgname || ' ' || pg_get_triggerdef(oid)
      from pg_trigger where not tgisinternal
    order by 1`.execute(db);
  return rows.map((row) => row.item);
}

describeEachDatabase('migrations', (database, target) => {
  it('are all applied, and a second run is a no-op', async () => {
    const { db } = database();
    expect(await migrateToLatest(db)).toEqual([]);
    const status = await migrationStatus(db);
    expect(status.map((migration) => migration.name)).toEqual(Object.keys(migrations));
    expect(status.every((migration) => migration.executedAt instanceof Date)).toBe(true);
  });

  it('go down one by one to nothing and back up to the same schema', async () => {
    const { db } = database();
    const before = await catalogSnapshot(db);
    expect(before.length).toBeGreaterThan(20);

    for (let step = 0; step < Object.keys(migrations).length; step += 1) {
      const [result] = await migrateDown(db);
      expect(result?.status).toBe('Success');
    }
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables
      where table_schema = 'public' and table_name in ('users', 'sessions', 'tasks')`.execute(db);
    expect(rows[0]?.n).toBe(0);

    const reapplied = await migrateToLatest(db);
    expect(reapplied.map((result) => result.migrationName)).toEqual(Object.keys(migrations));
    expect(await catalogSnapshot(db)).toEqual(before);
  });

  if (target.name === 'postgres') {
    it('run free of the request timeouts: a migration may wait for a lock longer than a request may', async () => {
      const { db, url } = database();
      const [reverted] = await migrateDown(db);
      expect(reverted?.status).toBe('Success');
      // Requests on this database give up after 100 ms (the client side after 1.1 s).
      const impatient = createDatabase({ url, pool: { statementTimeoutMillis: 100 } });
      const holder = createDatabase({ url, pool: { max: 1, statementTimeoutMillis: 0 } });
      try {
        // Every migration alters a table the earlier ones made; a reader's lock on all of them
        // holds the reverted one up for longer than both timeouts.
        const { migrating } = await holder.db.transaction().execute(async (trx) => {
          await sql`lock table users, sessions, tasks in access share mode`.execute(trx);
          // Settles to its error rather than rejecting unobserved while the lock is held.
          const started = impatient.migrate().catch((error: unknown) => error);
          await sql`select pg_sleep(1.5)`.execute(trx);
          return { migrating: started };
        });
        expect(await migrating).toEqual([
          { migrationName: reverted?.migrationName, direction: 'Up', status: 'Success' },
        ]);
      } finally {
        await impatient.destroy();
        await holder.destroy();
      }
    });
  }
});
