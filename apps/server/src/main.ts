// Production entry point: read the environment, open and migrate the database, listen.
import { join } from 'node:path';

import { createDatabase, DataDirError, notificationsArrive } from '@tasklane/db';

import { resolveAuthSecret } from './auth-secret';
import { buildApp } from './build-app';
import { EnvError, readEnv, type Env } from './env';
import { installGracefulShutdown } from './graceful-shutdown';
import { createTestClock } from './test-clock';
import { parseTrustProxy } from './trust-proxy';
import { resolveWebDistDir } from './web-app-plugin';

async function main(env: Env): Promise<void> {
  const database = createDatabase({
    url: env.DATABASE_URL,
    directUrl: env.DATABASE_DIRECT_URL,
    dataDir: join(env.DATA_DIR, 'pglite'),
    onPoolError: (error) => {
      app.log.warn({ err: error }, 'database connection error');
    },
  });
  if (env.MIGRATE_ON_START) await database.migrate();
  if (database.kind === 'postgres' && !(await notificationsArrive(database))) {
    await database.destroy();
    throw new EnvError(
      env.DATABASE_DIRECT_URL === undefined
        ? 'DATABASE_URL: a NOTIFY sent through it never reached a LISTEN connection, so sign-outs ' +
            'would not reach other instances at once. If it points at a transaction-mode pooler ' +
            '(PgBouncer, Supavisor, a Neon pooled URL), set DATABASE_DIRECT_URL to a direct ' +
            'PostgreSQL connection.'
        : 'DATABASE_DIRECT_URL: a NOTIFY sent through DATABASE_URL never reached a LISTEN on it; ' +
            'both must reach the same PostgreSQL database.',
    );
  }

  const app = await buildApp({
    database,
    authSecret: resolveAuthSecret({ secret: env.AUTH_SECRET, dataDir: env.DATA_DIR }),
    auth: {
      issuer: 'tasklane',
      audience: 'tasklane-api',
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL,
      webOrigins: env.WEB_ORIGIN,
      production: env.NODE_ENV === 'production',
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    prettyLogs: prettyLogs(env),
    apiOptions: { streams: { maxStreams: env.MAX_STREAMS } },
    webDistDir: resolveWebDistDir(env.WEB_DIST_DIR, import.meta.url),
    mail: {
      transport:
        env.SMTP_URL === undefined ? { kind: 'outbox-only' } : { kind: 'smtp', url: env.SMTP_URL },
      from: env.MAIL_FROM,
      appUrl: env.APP_URL,
    },
    testClock: env.TEST_CLOCK ? createTestClock() : undefined,
  });
  if (env.TEST_CLOCK) app.log.warn("TEST_CLOCK is set: POST /test/clock moves this server's clock");

  installGracefulShutdown({
    app,
    closeDatabase: () => database.destroy(),
    graceMs: env.SHUTDOWN_GRACE_MS,
  });

  await app.listen({ port: env.PORT, host: env.HOST });
}

/**
 * JSON lines unless a person reads them: LOG_FORMAT=pretty (the root `pnpm dev` sets it when
 * started from a terminal, since turbo pipes its tasks' output), or development on a terminal.
 */
function prettyLogs(env: Env): { colorize: boolean } | undefined {
  const pretty =
    env.LOG_FORMAT === 'pretty' ||
    (env.LOG_FORMAT === undefined && env.NODE_ENV === 'development' && process.stdout.isTTY);
  return pretty ? { colorize: env.NO_COLOR === undefined || env.NO_COLOR === '' } : undefined;
}

try {
  await main(readEnv());
} catch (error) {
  console.error(error instanceof EnvError || error instanceof DataDirError ? error.message : error);
  process.exit(1);
}
