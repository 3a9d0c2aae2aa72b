// The production build (apps/server/dist + apps/web/dist) on a database of its own: a fresh
// PostgreSQL database when TEST_DATABASE_URL is set, else the embedded one in a temp DATA_DIR.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createTestPostgres, testDatabaseUrl } from '@tasklane/db/testing';
import { freePort, spawnServer, type SpawnedServer } from '@tasklane/server/testing';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestServer {
  url: string;
  database: 'postgres' | 'embedded';
  server: SpawnedServer;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** TEST_CLOCK=1: the server's clock moves forward through POST /test/clock (see moveClock). */
  testClock?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  for (const built of ['apps/server/dist/main.js', 'apps/web/dist/index.html']) {
    if (!existsSync(join(repoRoot, built))) {
      throw new Error(
        `${built} is missing: run \`pnpm build\` (turbo builds it before this suite)`,
      );
    }
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-e2e-'));
  const baseUrl = testDatabaseUrl();
  const postgres = baseUrl === undefined ? undefined : await createTestPostgres(baseUrl);
  const server = await spawnServer({
    useBuild: true,
    port,
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: postgres?.url,
      // Cookie-based refresh is accepted only from the app's own origin.
      WEB_ORIGIN: url,
      // Mail links point at this server; the mails stay in its outbox, read at /dev/mail.json.
      APP_URL: url,
      LOG_LEVEL: 'warn',
      ...(options.testClock === true ? { TEST_CLOCK: '1' } : {}),
    },
  });
  return {
    url,
    database: postgres === undefined ? 'embedded' : 'postgres',
    server,
    async stop() {
      await server.stop('SIGTERM');
      await postgres?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Moves the clock of a server started with `testClock` forward to `now`; resolves with its time. */
export async function moveClock(server: TestServer, now: Date): Promise<Date> {
  const response = await fetch(`${server.url}/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: now.toISOString() }),
  });
  if (!response.ok) {
    throw new Error(`POST /test/clock answered ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { now: string };
  return new Date(body.now);
}
