// `pnpm dev` from the repository root, as a developer starts it. turbo runs its tasks with only
// the variables turbo.json declares, so each setting here must survive that trip: the server's
// PORT, DATA_DIR and LOG_LEVEL, Vite's WEB_PORT, Vite's proxy following PORT, and the default
// web origins following WEB_PORT. Ctrl-C must then stop every process the command started.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, expect, it } from 'vitest';

import { serverRoot } from './start-command';
import { freePort } from './testing/spawn-server';
import { signUp, strongPassword, uniqueEmail } from './testing/test-accounts';
import { fetchTrpc } from './testing/trpc-http';

const repoRoot = join(serverRoot, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'tasklane-dev-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every process below `pid` right now, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const below = children.get(next) ?? [];
    found.push(...below);
    queue.push(...below);
  }
  return found;
}

function isAlive(pid: number): boolean {
  // A zombie has exited; only its parent has not collected it yet.
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('starts server and Vite on the given ports, proxies /api to PORT, and stops on Ctrl-C', async () => {
  const [port, webPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // A turbo run of its own, on the embedded database, with the settings below only.
    if (/^(TURBO_|DATABASE_|LOG_|WEB_ORIGIN$|AUTH_SECRET$)/.test(name)) continue;
    env[name] = value;
  }
  Object.assign(env, {
    PORT: String(port),
    WEB_PORT: String(webPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  });
  const child = spawn('pnpm', ['dev'], {
    cwd: repoRoot,
    env,
    detached: true, // its own process group, as a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const pid = child.pid ?? 0;

  try {
    const api = `http://127.0.0.1:${port}`;
    const web = `http://localhost:${webPort}`;
    const health = await waitFor(
      `the server on PORT ${port}\n${output}`,
      async () => {
        const response = await fetch(`${api}/healthz`);
        return response.ok ? await response.json() : undefined;
      },
      180_000,
    );
    expect(health).toEqual({ status: 'ok' });

    const page = await waitFor(
      `Vite on WEB_PORT ${webPort}\n${output}`,
      async () => {
        const response = await fetch(`${web}/`);
        return response.ok ? response.text() : undefined;
      },
      120_000,
    );
    expect(page).toContain('<div id="root"></div>');

    // Through Vite's proxy: a sign-up and an authenticated call reach the server on PORT.
    const account = await signUp(web, 'dev-proxy');
    const me = await fetchTrpc(web, { path: 'auth.me', kind: 'query', token: account.accessToken });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ email: account.email });

    // The default WEB_ORIGIN follows WEB_PORT: the page's cookie refresh through Vite is
    // accepted from its own origin, and not from the usual 5173.
    const cookieSignUp = await fetchTrpc(web, {
      path: 'auth.signUp',
      kind: 'mutation',
      input: { email: uniqueEmail('dev-cookie'), password: strongPassword(), name: 'Dev Cookie' },
      headers: { origin: web },
    });
    expect(cookieSignUp.status).toBe(200);
    const cookie = (cookieSignUp.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/=./);
    const refresh = (origin: string) =>
      fetchTrpc(web, { path: 'auth.refresh', kind: 'mutation', headers: { cookie, origin } });
    expect((await refresh('http://localhost:5173')).status).toBe(403);
    expect((await refresh(web)).status).toBe(200);

    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    // LOG_LEVEL=warn reached the server: no request was logged at info.
    expect(output).not.toContain('incoming request');
  } finally {
    const started = [pid, ...descendants(pid)];
    process.kill(-pid, 'SIGINT'); // what Ctrl-C sends to the foreground job
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(resolve, 60_000, 'still running')),
    ]);
    const deadline = Date.now() + 30_000;
    while (started.some(isAlive) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const left = started.filter(isAlive);
    for (const survivor of left) process.kill(survivor, 'SIGKILL');
    expect(left, `processes left running after Ctrl-C:\n${output}`).toEqual([]);
    expect(code).toBe(0);
  }
}, 360_000);
