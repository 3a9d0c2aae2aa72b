// The databases a spawned server runs on in the reliability tests: the embedded one in a temp
// DATA_DIR, and a fresh PostgreSQL database beside TEST_DATABASE_URL when it is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createDatabase, type Database, type Kysely } from '@tasklane/db';
import { createTestPostgres, testDatabaseUrl } from '@tasklane/db/testing';

export interface ServerDatabase {
  readonly name: 'pglite' | 'postgres';
  /** Environment that points a spawned server at this database. */
  readonly env: Record<string, string>;
  /**
   * Reads the database from the test. The embedded database is one process's files: only read
   * it after every server using it has exited.
   */
  read<T>(query: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

export interface ServerDatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  /** Why the target cannot run here, or undefined. */
  readonly skipReason: string | undefined;
  create(): Promise<ServerDatabase>;
}

export function createEmbeddedServerDatabase(): ServerDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-reliability-'));
  return {
    name: 'pglite',
    env: { DATA_DIR: dataDir },
    async read(query) {
      const database = createDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        return await query(database.db);
      } finally {
        await database.destroy();
      }
    },
    destroy: () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

export async function createPostgresServerDatabase(baseUrl: string): Promise<ServerDatabase> {
  const database = await createTestPostgres(baseUrl);
  const url = database.url ?? baseUrl;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url, MIGRATE_ON_START: 'false' },
    read: (query) => query(database.db),
    destroy: () => database.destroy(),
  };
}

export function serverDatabaseTargets(): ServerDatabaseTarget[] {
  const url = testDatabaseUrl();
  return [
    {
      name: 'pglite',
      skipReason: undefined,
      create: () => Promise.resolve(createEmbeddedServerDatabase()),
    },
    {
      name: 'postgres',
      skipReason: url === undefined ? 'TEST_DATABASE_URL is not set' : undefined,
      create: () => {
        if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
        return createPostgresServerDatabase(url);
      },
    },
  ];
}
