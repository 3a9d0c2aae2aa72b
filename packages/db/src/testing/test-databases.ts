// Test databases: every suite runs on the embedded PGlite and on the PostgreSQL named by
// TEST_DATABASE_URL, each test file in a database of its own so files can run in parallel.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import pg from 'pg';

import { createDatabase, type TasklaneDatabase } from '../create-database';
import { migrateToLatest } from '../migrator';
import type { Database } from '../schema';

export interface TestDatabase extends TasklaneDatabase {
  /** Connection string of this test's own PostgreSQL database; undefined on PGlite. */
  readonly url: string | undefined;
}

export interface TestDatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  /** Why this target cannot run here; undefined when it can. */
  readonly skipReason: string | undefined;
  create(): Promise<TestDatabase>;
}

let snapshot: Promise<Blob> | undefined;

/**
 * A migrated PGlite data directory: initdb and the migrations cost seconds, and on a busy machine
 * far more, so they run once per set of migrations and PGlite version, not once per test file.
 * Every test file is a worker of its own: the first to need the snapshot writes it to the
 * temporary directory (atomically, by rename), and the others read it.
 */
function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = join(tmpdir(), `tasklane-pglite-${await snapshotKey()}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      const dump = await freshSnapshot();
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
      return dump;
    }
  })();
  return snapshot;
}

async function freshSnapshot(): Promise<Blob> {
  const pglite = new PGlite('memory://');
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  return dump;
}

/** Names a snapshot by the migrations' source and the PGlite package (its path holds its version). */
async function snapshotKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  // Not `new URL(..., import.meta.url)`: under jsdom (the web tests) `URL` is jsdom's, which
  // fileURLToPath refuses ("The URL must be of scheme file").
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
  for (const name of (await readdir(folder)).sort()) {
    hash.update(name);
    hash.update(await readFile(join(folder, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

export async function createTestPglite(): Promise<TestDatabase> {
  const database = createDatabase({ dataDir: 'memory://', snapshot: await migratedSnapshot() });
  return { ...database, url: undefined };
}

export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

/** Creates an empty, migrated PostgreSQL database beside TEST_DATABASE_URL's and drops it on destroy. */
export async function createTestPostgres(baseUrl: string): Promise<TestDatabase> {
  const name = `tasklane_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(baseUrl, name);
  const database = createDatabase({ url });
  const dropDatabase = async (): Promise<void> => {
    await database.destroy();
    const cleanup = new pg.Client({ connectionString: baseUrl });
    await cleanup.connect();
    try {
      await cleanup.query(`drop database if exists ${name} with (force)`);
    } finally {
      await cleanup.end();
    }
  };
  try {
    await database.migrate();
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  return { ...database, url, destroy: dropDatabase };
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function testDatabaseTargets(): TestDatabaseTarget[] {
  const url = testDatabaseUrl();
  return [
    { name: 'pglite', skipReason: undefined, create: createTestPglite },
    {
      name: 'postgres',
      skipReason: url === undefined ? 'TEST_DATABASE_URL is not set' : undefined,
      create: () => {
        if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
        return createTestPostgres(url);
      },
    },
  ];
}
