// Builds the HTTP application without listening, so tests drive it with `inject`.
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { createRequire } from 'node:module';

import Fastify, { type FastifyInstance } from 'fastify';

import {
  createApiServices,
  type ApiServices,
  type ApiServicesConfig,
  type AuthConfig,
  type JobRunnerTuning,
  type MailConfig,
} from '@tasklane/api';
import { sql, type TasklaneDatabase } from '@tasklane/db';

import { registerApiCacheControl } from './api-cache-control';
import { registerDevMail } from './dev-mail-plugin';
import { registerLoadShedding, type LoadSheddingOptions } from './load-shedding';
import { registerTrpcErrorResponses, trpcFrameworkErrors } from './trpc-error-responses';
import { registerLiveStreams } from './live-stream-route';
import { registerTrpc, trpcHandlerOptions } from './trpc-plugin';
import { registerWebApp } from './web-app-plugin';
import { registerPermissionsPolicy } from './permissions-policy';
import { DEFAULT_STREAM_STALL_TIMEOUT_MS, registerSlowStreamGuard } from './slow-stream-guard';
import { registerTestClock, type TestClock } from './test-clock';
import type { TrustProxy } from './trust-proxy';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppConfig {
  database: TasklaneDatabase;
  authSecret: Uint8Array;
  auth: AuthConfig;
  trustProxy: TrustProxy;
  logLevel: string;
  /** Human-readable, coloured lines (pino-pretty) instead of JSON: development on a terminal. */
  prettyLogs?: { colorize: boolean } | undefined;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: { write(line: string): void };
  /** Tuning of the api services (tests, benchmarks): session cache, hashing, rate limits. */
  apiOptions?: Pick<ApiServicesConfig, 'sessionCache' | 'hashing' | 'rateLimits' | 'streams'>;
  /** The built web app to serve (apps/web/dist); undefined serves the API only. */
  webDistDir?: string | undefined;
  /** Event-loop based load shedding (on by default); `false` turns it off (in-process tests). */
  loadShedding?: LoadSheddingOptions | false;
  /** Where mail goes (SMTP_URL, MAIL_FROM, APP_URL). Default: kept in the outbox (development). */
  mail?: MailConfig;
  /** This instance runs background jobs (mail delivery) unless `false`. */
  jobs?: JobRunnerTuning | false;
  /** A live stream whose socket stays full this long is dropped (default 10 s); it resumes. */
  streamStallTimeoutMs?: number;
  /** How often every open live stream gets a heartbeat (default STREAM_HEARTBEAT_MS, 25 s). */
  streamHeartbeatMs?: number;
  /**
   * Browser tests only (TEST_CLOCK): the application clock, movable through POST /test/clock.
   * Refused in production.
   */
  testClock?: TestClock | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The services behind the tRPC router, for tests and operational code. */
    apiServices: ApiServices;
  }
}

/** Secrets never reach the logs, wherever they appear in a logged object. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'refreshToken', 'accessToken'].flatMap(
    (field) => [field, `*.${field}`],
  ),
];

/** Where log lines go and in which form; redaction applies to both forms. */
function logDestination(
  config: AppConfig,
):
  | { transport: { target: string; options: Record<string, string | boolean> } }
  | { stream: { write(line: string): void } }
  | Record<string, never> {
  if (config.prettyLogs !== undefined) {
    // Resolved from here: under pnpm, pino (inside fastify) cannot see this package's dependencies.
    const target = createRequire(import.meta.url).resolve('pino-pretty');
    return {
      transport: {
        target,
        options: {
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          colorize: config.prettyLogs.colorize,
        },
      },
    };
  }
  return config.logStream === undefined ? {} : { stream: config.logStream };
}

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  if (config.testClock !== undefined && config.auth.production) {
    // env.ts refuses TEST_CLOCK in production already; this holds for any other caller.
    throw new Error('a test clock is refused in production: anyone could move its time');
  }
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...logDestination(config),
    },
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    // A batch puts every procedure name in the path: "tasks.list,tasks.stats,...".
    routerOptions: { maxParamLength: 5000 },
    frameworkErrors: trpcFrameworkErrors,
  });

  const services = await createApiServices({
    db: config.database.db,
    notifications: config.database,
    authSecret: config.authSecret,
    auth: config.auth,
    logger: app.log.child({ component: 'auth' }),
    ...(config.mail === undefined ? {} : { mail: config.mail }),
    ...(config.jobs === false ? {} : { jobs: config.jobs ?? {} }),
    ...(config.testClock === undefined ? {} : { clock: config.testClock.now }),
    ...config.apiOptions,
  });
  app.decorate('apiServices', services);
  // Live streams never finish by themselves: end them as closing starts (clients reconnect to
  // another instance and resume), so the server can drain instead of waiting them out.
  app.addHook('preClose', (done) => {
    services.events.drain();
    done();
  });
  app.addHook('onClose', () => services.close());

  await app.register(helmet, {
    contentSecurityPolicy: {
      // Plain-HTTP development (http://localhost) must not have its requests upgraded to HTTPS.
      directives: { upgradeInsecureRequests: config.auth.production ? [] : null },
    },
  });
  registerPermissionsPolicy(app);
  // Exactly the configured web origins, with credentials (the refresh cookie).
  await app.register(cors, { origin: [...config.auth.webOrigins], credentials: true });
  await app.register(cookie);
  if (config.loadShedding !== false) await registerLoadShedding(app, config.loadShedding);
  registerTrpcErrorResponses(app);

  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(config.database.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  registerApiCacheControl(app);

  const slowStreams = registerSlowStreamGuard(app, {
    stallTimeoutMs: config.streamStallTimeoutMs ?? DEFAULT_STREAM_STALL_TIMEOUT_MS,
  });
  const trpc = trpcHandlerOptions(app, services);
  registerLiveStreams(app, {
    services,
    trpc,
    slowStreams,
    heartbeatMs: config.streamHeartbeatMs,
  });
  await registerTrpc(app, trpc);
  // The development mail viewer: never in production, where mails hold live links.
  if (!config.auth.production) registerDevMail(app, config.database.db);
  if (config.testClock !== undefined) registerTestClock(app, config.testClock);
  await registerWebApp(app, config.webDistDir, { sourceMaps: !config.auth.production });
  return app;
}
