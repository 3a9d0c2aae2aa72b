// The only place the server reads process.env: parsed once, failing fast with the variable's name.
import { existsSync } from 'node:fs';

import { z } from 'zod';

import { DEFAULT_APP_URL, DEFAULT_MAIL_FROM } from '@tasklane/api';

import { HOW_TO_GENERATE_SECRET, secretWeakness } from './auth-secret';

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
  /** `pretty` (development only) or `json`; unset: pretty on a terminal in development. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** https://no-color.org: set and not empty turns colour off in pretty logs. */
  NO_COLOR: z.string().optional(),
  /** The Vite dev server's port (`pnpm dev`), whose origin development trusts by default. */
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(5173),
  AUTH_SECRET: z
    .string()
    .superRefine((secret, context) => {
      const weakness = secretWeakness(secret);
      if (weakness !== undefined) {
        context.addIssue({ code: 'custom', message: `${weakness}; ${HOW_TO_GENERATE_SECRET}` });
      }
    })
    .optional(),
  /** Comma-separated origins of the web app; required in production, development has a default. */
  WEB_ORIGIN: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .optional(),
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
  /** The mail server: smtp://[user:pass@]host:port or smtps://…; required in production. */
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^/]+/.test(value) && URL.canParse(value), {
      // Never echo the value: it may hold a password.
      message: 'must look like smtp://host:port, smtp://user:pass@host:587 or smtps://host:465',
    })
    .optional(),
  /** The From header of every mail. */
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'must be an address, e.g. Tasklane <no-reply@example.com>')
    .default(DEFAULT_MAIL_FROM),
  /** The public base URL put in mail links; required in production. */
  APP_URL: z
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Live `tasks.changes` streams one instance holds at most; beyond, 503 with Retry-After. */
  MAX_STREAMS: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  /** Browser tests only: POST /test/clock moves the application clock forward (see test-clock.ts). */
  TEST_CLOCK: booleanString.default(false),
});

export type Env = Omit<z.infer<typeof schema>, 'WEB_ORIGIN' | 'APP_URL'> & {
  /** The origins allowed by CORS and for cookie-based refresh. */
  WEB_ORIGIN: string[];
  APP_URL: string;
};

/** Outside production, without WEB_ORIGIN: the Vite dev server's page and the server's own. */
function developmentWebOrigins(env: { PORT: number; WEB_PORT: number }): string[] {
  return [env.WEB_PORT, env.PORT].flatMap((port) => [
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
  ]);
}

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
  const production = parsed.data.NODE_ENV === 'production';
  if (production && parsed.data.AUTH_SECRET === undefined) {
    throw new EnvError(
      `AUTH_SECRET: required in production (at least 32 random bytes; ${HOW_TO_GENERATE_SECRET})`,
    );
  }
  if (parsed.data.DATABASE_DIRECT_URL !== undefined && parsed.data.DATABASE_URL === undefined) {
    throw new EnvError('DATABASE_DIRECT_URL: set only together with DATABASE_URL');
  }
  if (production && parsed.data.LOG_FORMAT === 'pretty') {
    throw new EnvError('LOG_FORMAT: pretty is for development; production logs JSON lines');
  }
  if (production && parsed.data.TEST_CLOCK) {
    // Refused rather than ignored: a production instance whose clock anyone could move would fire
    // every reminder at once and skew leases, and a warning in a log is easily missed.
    throw new EnvError(
      "TEST_CLOCK: refused in production: it lets any caller move the server's clock; " +
        'it is for browser tests only',
    );
  }
  const origins = webOrigins(parsed.data.WEB_ORIGIN, production);
  if (production && parsed.data.SMTP_URL === undefined) {
    throw new EnvError(
      'SMTP_URL: required in production: password resets and email verification are sent by ' +
        'mail, e.g. SMTP_URL=smtp://user:pass@smtp.example.com:587 (smtp://127.0.0.1:1025 for a ' +
        'local catcher such as Mailpit)',
    );
  }
  if (production && parsed.data.APP_URL === undefined) {
    throw new EnvError(
      'APP_URL: required in production: the public address put in mail links, ' +
        'e.g. APP_URL=https://tasks.example.com',
    );
  }
  return {
    ...parsed.data,
    WEB_ORIGIN: origins ?? developmentWebOrigins(parsed.data),
    APP_URL: parsed.data.APP_URL ?? DEFAULT_APP_URL,
  };
}

/**
 * Development only (`pnpm dev`): sets the variables of a .env file that are not set already, so
 * the shell's own variables win. A missing file is fine.
 */
export function loadEnvFileIfExists(path: string): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

/**
 * Production trusts only origins it was told about, and none reached over plain HTTP except
 * loopback: an http:// origin elsewhere can be impersonated by anyone on the network path.
 */
function webOrigins(configured: string[] | undefined, production: boolean): string[] | undefined {
  if (configured === undefined || configured.length === 0) {
    if (!production) return undefined;
    throw new EnvError(
      'WEB_ORIGIN: required in production: the origin(s) the web app is served from, ' +
        'comma-separated, e.g. WEB_ORIGIN=https://tasks.example.com',
    );
  }
  for (const origin of configured) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new EnvError(`WEB_ORIGIN: "${origin}" is not a URL (e.g. https://tasks.example.com)`);
    }
    if (url.origin !== origin) {
      throw new EnvError(
        `WEB_ORIGIN: "${origin}" is not an origin (scheme, host and port only); did you mean "${url.origin}"?`,
      );
    }
    if (production && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
      throw new EnvError(
        `WEB_ORIGIN: "${origin}" is refused in production: use https:// ` +
          '(plain http:// is allowed only for localhost, 127.0.0.1 and [::1])',
      );
    }
  }
  return configured;
}

function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
