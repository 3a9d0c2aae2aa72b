// A real Tasklane server for end-to-end tests: on a fresh PostgreSQL database when
// TEST_DATABASE_URL is set, otherwise on the embedded database in a temporary DATA_DIR.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTestPostgres, testDatabaseUrl, type TestDatabase } from '@tasklane/db/testing';
import { spawnServer } from '@tasklane/server/testing';

export interface LiveServer {
  url: string;
  /** 'postgres' or 'embedded', for test titles and messages. */
  kind: 'postgres' | 'embedded';
  database: TestDatabase | undefined;
  stop(): Promise<void>;
}

export async function startLiveServer(): Promise<LiveServer> {
  const baseUrl = testDatabaseUrl();
  const database = baseUrl === undefined ? undefined : await createTestPostgres(baseUrl);
  const dataDir =
    database === undefined ? await mkdtemp(join(tmpdir(), 'tasklane-e2e-data-')) : undefined;
  try {
    const server = await spawnServer({
      env: database?.url !== undefined ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir },
    });
    return {
      url: server.url,
      kind: database === undefined ? 'embedded' : 'postgres',
      database,
      async stop() {
        await server.stop();
        await database?.destroy();
        if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.destroy();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
