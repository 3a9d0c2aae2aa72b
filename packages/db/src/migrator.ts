// Runs the schema migrations; Kysely's Migrator takes a lock, so concurrent starts are safe.
import type { Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';

import { migrationProvider } from './migrations/index';
import type { Database } from './schema';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly migrationName: string | undefined,
    options: { cause: unknown },
  ) {
    super(`Migration ${migrationName ?? '(unknown)'} failed`, options);
  }
}

export interface MigrationStatus {
  name: string;
  executedAt: Date | null;
}

function createMigrator(db: Kysely<Database>): Migrator {
  // Migration numbers are reserved per piece of work, which may land in any order: a database
  // that already ran a later number applies an earlier one when it arrives.
  return new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
}

async function run(
  step: Promise<{ error?: unknown; results?: MigrationResult[] }>,
): Promise<MigrationResult[]> {
  const { error, results = [] } = await step;
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationError(failed?.migrationName, { cause: error });
  }
  return results;
}

export function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  return run(createMigrator(db).migrateToLatest());
}

export function migrateDown(db: Kysely<Database>): Promise<MigrationResult[]> {
  return run(createMigrator(db).migrateDown());
}

export async function migrationStatus(db: Kysely<Database>): Promise<MigrationStatus[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.map((migration) => ({
    name: migration.name,
    executedAt: migration.executedAt ?? null,
  }));
}
