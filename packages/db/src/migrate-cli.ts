// `pnpm db:migrate [latest|down|status]`: manages the schema of DATABASE_DIRECT_URL (else
// DATABASE_URL) or the embedded database.
import { join } from 'node:path';

import { createDatabase } from './create-database';
import { readDbEnv } from './env';
import { migrateDown, migrateToLatest, migrationStatus } from './migrator';

const command = process.argv[2] ?? 'latest';
const env = readDbEnv();
const database = createDatabase({
  url: env.DATABASE_DIRECT_URL ?? env.DATABASE_URL,
  dataDir: join(env.DATA_DIR, 'pglite'),
  // A schema change may wait for locks or build an index for minutes: no request timeouts here.
  pool: { max: 1, statementTimeoutMillis: 0 },
});

try {
  switch (command) {
    case 'latest': {
      const results = await migrateToLatest(database.db);
      if (results.length === 0) console.log('Already up to date.');
      for (const result of results) console.log(`applied ${result.migrationName}`);
      break;
    }
    case 'down': {
      const results = await migrateDown(database.db);
      if (results.length === 0) console.log('Nothing to revert.');
      for (const result of results) console.log(`reverted ${result.migrationName}`);
      break;
    }
    case 'status': {
      for (const migration of await migrationStatus(database.db)) {
        console.log(`${migration.executedAt ? 'applied' : 'pending'}  ${migration.name}`);
      }
      break;
    }
    default:
      console.error(`Unknown command "${command}". Use: latest | down | status`);
      process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause instanceof Error)
    console.error(`  cause: ${error.cause.message}`);
  process.exitCode = 1;
} finally {
  await database.destroy();
}
