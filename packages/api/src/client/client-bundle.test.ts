// Bundles a consumer of `@tasklane/api/client` for the browser, as a web app or another service
// would, and checks that no server code came along.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

import { isClientSafeSource } from '../contract';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Modules that must never reach a client bundle, as paths of bundled input files. */
const FORBIDDEN_INPUTS: readonly RegExp[] = [
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?pg(?:-[a-z]+)?\//,
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?kysely\//,
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?fastify\//,
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?@fastify\//,
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?@node-rs\//,
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?jose\//,
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?@electric-sql\//,
  /packages\/db\//,
];

/** Text that server code leaves in a bundle even when its file names are hidden. */
const FORBIDDEN_TEXT: readonly string[] = [
  'SignJWT',
  'jwtVerify',
  'argon2',
  'kysely',
  'pg-protocol',
  'fastify',
  'PGlite',
  '@tasklane/db',
];

async function bundle(
  contents: string,
  options: { minify?: boolean } = {},
): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    minify: options.minify ?? false,
    stdin: { contents, resolveDir: packageRoot, loader: 'ts', sourcefile: 'consumer.ts' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  const metafile: Metafile = result.metafile;
  return { code: output.text, inputs: Object.keys(metafile.inputs) };
}

describe('the client entry point in a consumer bundle', () => {
  it('holds the tRPC client and superjson and nothing from the server side', async () => {
    const { code, inputs } = await bundle(`
      import { createTasklaneClient, errorCode, type Task } from '@tasklane/api/client';
      const client = createTasklaneClient({
        url: 'https://tasks.example.com',
        credentials: { email: 'ada@example.com', password: 'correct horse battery staple' },
      });
      const tasks: Task[] = (await client.tasks.list.query({})).items;
      console.log(tasks.length, errorCode(new Error('x')));
    `);

    expect(inputs.some((input) => input.includes('@trpc/client'))).toBe(true);
    expect(inputs.some((input) => input.includes('superjson'))).toBe(true);
    for (const pattern of FORBIDDEN_INPUTS) {
      expect(inputs.filter((input) => pattern.test(input))).toEqual([]);
    }
    // Only the client-safe sources of this package are bundled: no routers, auth, tasks or context.
    const ownFiles = inputs.filter(
      (input) => !input.includes('node_modules/') && input !== 'consumer.ts',
    );
    expect(ownFiles.some((file) => file.startsWith('src/client/'))).toBe(true);
    for (const file of ownFiles) {
      expect(isClientSafeSource(relative(packageRoot, join(packageRoot, file))), file).toBe(true);
    }
    for (const text of FORBIDDEN_TEXT) {
      expect(code.includes(text), `bundle contains ${text}`).toBe(false);
    }
  });

  it('keeps the schemas entry point to zod alone', async () => {
    const { inputs } = await bundle(`
      import * as schemas from '@tasklane/api/schemas';
      console.log(Object.keys(schemas));
    `);
    const foreign = inputs.filter(
      (input) =>
        !input.includes('node_modules/zod/') &&
        !input.includes('node_modules/.pnpm/zod@') &&
        !isClientSafeSource(input) &&
        input !== 'consumer.ts',
    );
    expect(foreign).toEqual([]);
  });

  it('keeps the contract entry point free of any library', async () => {
    const { inputs } = await bundle(`
      import * as contract from '@tasklane/api/contract';
      console.log(Object.keys(contract));
    `);
    expect(inputs.filter((input) => input !== 'consumer.ts')).toEqual(
      expect.arrayContaining(['src/contract/index.ts', 'src/contract/transport.ts']),
    );
    expect(inputs.filter((input) => !input.startsWith('src/contract/'))).toEqual(['consumer.ts']);
  });

  it('keeps the quick-add entry point to chrono in English and its own sources, small', async () => {
    const { code, inputs } = await bundle(
      `
      import { parseQuickAdd, quickAddTaskInput } from '@tasklane/api/quick-add';
      const draft = parseQuickAdd('Pay rent tomorrow 9am #home', { now: new Date(), timeZone: 'UTC' });
      console.log(quickAddTaskInput(draft));
    `,
      { minify: true },
    );
    const foreign = inputs.filter(
      (input) =>
        !/node_modules\/(?:\.pnpm\/chrono-node@[^/]+\/node_modules\/)?chrono-node\//.test(input) &&
        !isClientSafeSource(input) &&
        input !== 'consumer.ts',
    );
    expect(foreign).toEqual([]);
    // chrono's other languages (de, fr, ja, ...) stay out: the parser reads English.
    expect(
      inputs.filter((input) => /chrono-node\/dist\/esm\/locales\/(?!en\/)/.test(input)),
    ).toEqual([]);
    expect(inputs.some((input) => input.startsWith('src/quick-add/'))).toBe(true);
    // The recurrence engine (rrule-temporal and a Temporal polyfill, ~75 kB gzip) stays out: a
    // repeat's first date is found on the calendar (first-due.ts).
    expect(inputs.filter((input) => /rrule-temporal|temporal-polyfill/.test(input))).toEqual([]);
    // About 17 kB gzip when measured; the web app loads it after the first render.
    expect(gzipSync(code).length).toBeLessThan(25_000);
  });
});
