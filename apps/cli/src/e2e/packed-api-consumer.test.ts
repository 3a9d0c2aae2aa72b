// An outside service, as a real one would: @tasklane/api packed into a tarball (`pnpm pack`), the
// fixture in packages/api/test/consumer installed from it in a temporary folder outside the
// workspace, typechecked with its own tsc, and the README's example run against a live server.
// It lives in apps/cli because it needs @tasklane/server, which packages/api cannot depend on
// without a package cycle.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTasklaneClient } from '@tasklane/api/client';

import { startLiveServer, type LiveServer } from './live-server';
import { runProcess, type ProcessResult } from './run-process';

const readme = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'README.md');
const PASSWORD = 'a long and unusual passphrase 7';

/** The folder of the named package that holds `file`. */
function packageRoot(file: string, name: string): string {
  for (
    let directory = dirname(file);
    directory !== dirname(directory);
    directory = dirname(directory)
  ) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
      };
      if (manifest.name === name) return directory;
    } catch {
      // no package.json here
    }
  }
  throw new Error(`${file} is not inside ${name}`);
}

const apiRoot = packageRoot(
  createRequire(import.meta.url).resolve('@tasklane/api/client'),
  '@tasklane/api',
);
const fixture = join(apiRoot, 'test', 'consumer');
const exampleFile = join(fixture, 'src', 'example.ts');

/** The environment of a shell outside this workspace: no settings inherited from a pnpm run. */
function outsideEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm|pnpm)_/i.test(name) && name !== 'INIT_CWD',
    ),
  );
  return { ...env, ...extra };
}

function expectSuccess(step: string, result: ProcessResult): void {
  expect(result.code, `${step} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
}

describe('@tasklane/api as an outside service installs it', () => {
  let scratch: string;
  let consumer: string;
  let server: LiveServer | undefined;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'tasklane-consumer-'));
    consumer = join(scratch, 'consumer');
  });

  afterAll(async () => {
    await server?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('packs a tarball with the client entry points and no workspace dependency', async () => {
    // `pnpm pack` runs build-package.mjs (prepack) and packs the manifest it writes into dist/.
    expectSuccess(
      'pnpm pack',
      await runProcess('pnpm', ['pack', '--pack-destination', scratch], {
        cwd: apiRoot,
        env: outsideEnv(),
        timeoutMs: 180_000,
      }),
    );
    const [tarball] = (await readdir(scratch)).filter((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
    const manifest = JSON.parse(await readFile(join(apiRoot, 'dist', 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.exports).sort()).toEqual([
      './client',
      './contract',
      './package.json',
      './quick-add',
      './schemas',
    ]);
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@trpc/client',
      '@trpc/server',
      'chrono-node',
      'kysely',
      'superjson',
      'zod',
    ]);

    await cp(fixture, consumer, {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
    const packageJson = JSON.parse(await readFile(join(consumer, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    packageJson.dependencies['@tasklane/api'] = `file:${join(scratch, tarball)}`;
    await writeFile(join(consumer, 'package.json'), JSON.stringify(packageJson, null, 2));
  }, 240_000);

  it('installs from the tarball and typechecks against its declarations', async () => {
    // Every package is already in pnpm's store from the workspace install: no network needed.
    expectSuccess(
      'pnpm install',
      await runProcess('pnpm', ['install', '--offline'], {
        cwd: consumer,
        env: outsideEnv(),
        timeoutMs: 180_000,
      }),
    );
    expectSuccess(
      'tsc',
      await runProcess(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', '.'], {
        cwd: consumer,
        env: outsideEnv(),
        timeoutMs: 180_000,
      }),
    );
  }, 360_000);

  it("runs the README's example against a live server", async () => {
    server = await startLiveServer();
    const email = `consumer-${randomUUID()}@example.com`;
    const person = createTasklaneClient({
      url: server.url,
      credentials: { email, password: PASSWORD },
    });
    await person.auth.signUp.mutate({ email, password: PASSWORD, name: 'Consumer' });
    const { apiKey, secret } = await person.apiKeys.create.mutate({
      name: 'Consumer service',
      scopes: ['tasks:read', 'tasks:write'],
      expiresInDays: 1,
    });

    const result = await runProcess(process.execPath, ['src/example.ts'], {
      cwd: consumer,
      env: outsideEnv({ TASKLANE_URL: server.url, TASKLANE_API_KEY: secret }),
    });

    expectSuccess('the example', result);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(/^created [0-9a-f-]{36}, due 2026-12-01T17:00:00\.000Z$/),
      // 9:00 in Berlin (UTC+1 in December), parsed by the packed parser.
      'quick-added "Rotate the API keys", due 2026-12-01T08:00:00.000Z',
      '2 active ops task(s) of 2',
      "BAD_REQUEST [ 'Title is required' ]",
      'FORBIDDEN',
      '',
    ]);
    // The tasks are the person's, and the key's use is recorded.
    const { items } = await person.tasks.list.query({});
    expect(items.map((task) => task.title).sort()).toEqual([
      'Renew the TLS certificate',
      'Rotate the API keys',
    ]);
    // The server writes uses in the background, within a second.
    await expect
      .poll(
        async () =>
          (await person.apiKeys.list.query()).find((key) => key.id === apiKey.id)?.lastUsedAt,
        {
          timeout: 10_000,
        },
      )
      .toBeInstanceOf(Date);
  }, 120_000);

  it('is the example the README shows', async () => {
    const text = await readFile(readme, 'utf8');
    const marker = '<!-- example: packages/api/test/consumer/src/example.ts -->';
    const start = text.indexOf(marker);
    expect(start, `README.md has no ${marker}`).toBeGreaterThan(-1);
    const block = /```ts\n([\s\S]*?)```/.exec(text.slice(start + marker.length));
    expect(block?.[1]).toBe(await readFile(exampleFile, 'utf8'));
  });
});
