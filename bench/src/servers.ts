// The two servers under test: the real production build of Tasklane and the hand-written baseline,
// each in its own process with the same database, secret and pool size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startProcess, type RunningProcess } from './processes';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SERVER_ENTRY = join(REPO_ROOT, 'apps', 'server', 'dist', 'main.js');

/** Fixed, so tokens signed by the bench are the server's own. Never used outside the bench. */
export const BENCH_AUTH_SECRET = 'tasklane-bench-secret-0123456789abcdef-not-for-production';
/** What apps/server/src/main.ts pins as `iss` and `aud`. */
export const TOKEN_ISSUER = 'tasklane';
export const TOKEN_AUDIENCE = 'tasklane-api';
/** The Tasklane server's default pool size; the baseline gets the same. */
export const POOL_MAX = 10;

export function buildServer(): void {
  const result = spawnSync(process.execPath, ['build.mjs'], {
    cwd: join(REPO_ROOT, 'apps', 'server'),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`building apps/server failed:\n${result.stdout}${result.stderr}`);
  }
}

/**
 * The `node` flags of the root `start` script (`node <flags> apps/server/dist/main.js`), so the
 * bench runs the server exactly as production starts it.
 */
export function productionNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const match = /^node\s+(.*?)\s*apps\/server\/dist\/main\.js/.exec(manifest.scripts?.start ?? '');
  return (match?.[1] ?? '').split(/\s+/).filter((flag) => flag !== '');
}

export interface TasklaneServerOptions {
  entry: string;
  /** PATH for the child; nothing else of the bench's environment is passed on. */
  path: string;
  databaseUrl: string;
  name?: string;
  /** Extra `node` flags, e.g. `--cpu-prof` to see where the server's time goes. */
  nodeArgs?: string[];
  /** Settings beyond the bench's own (e.g. `MAX_STREAMS`). */
  env?: Record<string, string>;
}

export async function startTasklane(options: TasklaneServerOptions): Promise<RunningProcess> {
  if (!existsSync(options.entry)) {
    throw new Error(`${options.entry} does not exist; run \`pnpm build\` first`);
  }
  return startProcess({
    name: options.name ?? 'tasklane',
    args: () => [...productionNodeFlags(), ...(options.nodeArgs ?? []), options.entry],
    cwd: dirname(dirname(options.entry)),
    env: {
      PATH: options.path,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: BENCH_AUTH_SECRET,
      // Production requires it; the load clients send no Origin, so a loopback one is enough.
      WEB_ORIGIN: 'http://127.0.0.1',
      // Production requires a mail server; the bench sends no mail. Mailpit's default port: a
      // catcher there shows any mail, and without one a mail only waits for its retries.
      SMTP_URL: 'smtp://127.0.0.1:1025',
      APP_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'warn',
      // Sign-in load comes from many (pretend) clients behind a local proxy.
      TRUST_PROXY: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tasklane-bench-')),
      ...options.env,
    },
    readyPath: '/readyz',
  });
}

export async function startBaseline(
  databaseUrl: string,
  path: string,
  {
    nodeArgs = [],
    relay = false,
  }: {
    nodeArgs?: string[];
    /** A second instance, relaying other instances' creates to its streams (baseline-app.ts). */
    relay?: boolean;
  } = {},
): Promise<RunningProcess> {
  const entry = fileURLToPath(new URL('./baseline/baseline-server.ts', import.meta.url));
  const config = {
    relay,
    databaseUrl,
    secret: BENCH_AUTH_SECRET,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    poolMax: POOL_MAX,
    logLevel: 'warn',
    host: '127.0.0.1',
  };
  return startProcess({
    name: relay ? 'baseline relay' : 'baseline',
    args: (port) => [
      ...nodeArgs,
      '--import',
      import.meta.resolve('tsx'),
      entry,
      JSON.stringify({ ...config, port }),
    ],
    cwd: dirname(entry),
    env: { PATH: path, NODE_ENV: 'production' },
    readyPath: '/readyz',
  });
}
