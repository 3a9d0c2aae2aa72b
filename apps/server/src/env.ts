// The only place the server reads process.env: parsed once, failing fast with the variable's name.
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url().optional(),
  /** A direct connection for LISTEN and migrations when DATABASE_URL is a transaction pooler. */
  DATABASE_DIRECT_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
  WEB_ORIGIN: z
    .string()
    .default('http://localhost:5173,http://localhost:3000,http://127.0.0.1:3000'),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(3600)
    .max(366 * 86_400)
    .default(30 * 86_400),
  TRUST_PROXY: z.string().optional(),
  MIGRATE_ON_START: booleanString.default(true),
  /** How long in-flight requests may take to finish after SIGTERM/SIGINT. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  WEB_DIST_DIR: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment: ${problems.join('; ')}`);
  }
  if (parsed.data.NODE_ENV === 'production' && parsed.data.AUTH_SECRET === undefined) {
    throw new EnvError(
      'AUTH_SECRET: required in production (at least 32 bytes, e.g. `openssl rand -base64 48`)',
    );
  }
  if (parsed.data.DATABASE_DIRECT_URL !== undefined && parsed.data.DATABASE_URL === undefined) {
    throw new EnvError('DATABASE_DIRECT_URL: set only together with DATABASE_URL');
  }
  return parsed.data;
}
