// Builds the HTTP application without listening, so tests drive it with `inject`.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';

import { createAccessTokens, type ApiServices, type AuthConfig } from '@tasklane/api';
import { sql, type TasklaneDatabase } from '@tasklane/db';

import { registerTrpc } from './trpc-plugin';
import type { TrustProxy } from './trust-proxy';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppConfig {
  database: TasklaneDatabase;
  authSecret: Uint8Array;
  auth: AuthConfig;
  trustProxy: TrustProxy;
  logLevel: string;
}

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.refreshToken',
          '*.accessToken',
        ],
        censor: '[redacted]',
      },
    },
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    // A batch puts every procedure name in the path: "tasks.list,tasks.stats,...".
    routerOptions: { maxParamLength: 5000 },
  });

  const tokens = await createAccessTokens({
    secret: config.authSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  const services: ApiServices = { db: config.database.db, tokens, auth: config.auth };

  await app.register(cookie);

  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(config.database.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });

  await registerTrpc(app, services);
  return app;
}
