// Production entry point: read the environment, open and migrate the database, listen.
import { join } from 'node:path';

import { createDatabase, migrateToLatest } from '@tasklane/db';

import { resolveAuthSecret } from './auth-secret';
import { buildApp } from './build-app';
import { EnvError, readEnv, type Env } from './env';
import { installGracefulShutdown } from './graceful-shutdown';
import { parseTrustProxy } from './trust-proxy';
import { resolveWebDistDir } from './web-app-plugin';

async function main(env: Env): Promise<void> {
  const database = createDatabase({
    url: env.DATABASE_URL,
    dataDir: join(env.DATA_DIR, 'pglite'),
    onPoolError: (error) => {
      app.log.warn({ err: error }, 'database connection error');
    },
  });
  if (env.MIGRATE_ON_START) await migrateToLatest(database.db);

  const app = await buildApp({
    database,
    authSecret: resolveAuthSecret({ secret: env.AUTH_SECRET, dataDir: env.DATA_DIR }),
    auth: {
      issuer: 'tasklane',
      audience: 'tasklane-api',
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL,
      webOrigins: env.WEB_ORIGIN.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      production: env.NODE_ENV === 'production',
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    webDistDir: resolveWebDistDir(env.WEB_DIST_DIR, import.meta.url),
  });

  installGracefulShutdown({
    app,
    closeDatabase: () => database.destroy(),
    graceMs: env.SHUTDOWN_GRACE_MS,
  });

  await app.listen({ port: env.PORT, host: env.HOST });
}

try {
  await main(readEnv());
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
