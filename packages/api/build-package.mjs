// Builds the publishable form of @tasklane/api into dist/ (run by `pnpm pack` as `prepack`).
// The workspace uses the TypeScript source; an outside service gets the client-safe entry points
// (`@tasklane/api/client`, `/contract`, `/quick-add` and `/schemas`, listed in src/contract/package-entries.ts)
// as JavaScript with bundled declarations, and a manifest whose dependencies are only what those
// entry points need: no workspace packages.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, transform } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const root = dirname(fileURLToPath(import.meta.url));
const outDir = join(root, 'dist');
const require = createRequire(join(root, 'package.json'));

/** The client entry points, from the contract (an import-free TypeScript file). */
async function clientEntryPoints() {
  const source = readFileSync(join(root, 'src/contract/package-entries.ts'), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm' });
  const module = await import(`data:text/javascript,${encodeURIComponent(code)}`);
  return module.CLIENT_ENTRY_POINTS;
}

const entries = await clientEntryPoints();

/**
 * Imported at run time by the built entry points. Anything else is bundled in: the live stream's
 * EventSource (`eventsource`, a few kB) is, so an outside service installs nothing more for it.
 */
const runtimeDependencies = ['@trpc/client', '@trpc/server', 'chrono-node', 'superjson', 'zod'];
/** Referenced only by the declarations (the router's context type mentions `Kysely`). */
const typeDependencies = ['kysely'];

const isDependency = (specifier, names) =>
  names.some((name) => specifier === name || specifier.startsWith(`${name}/`));

function installedVersion(name) {
  let directory = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the version of ${name}`);
    directory = parent;
  }
}

rmSync(outDir, { recursive: true, force: true });

const result = await build({
  entryPoints: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, join(root, file)]),
  ),
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: runtimeDependencies.flatMap((name) => [name, `${name}/*`]),
  metafile: true,
  logLevel: 'warning',
});

// Anything else imported at run time would be missing from the tarball's dependencies.
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  for (const imported of output.imports) {
    if (imported.external && !isDependency(imported.path, runtimeDependencies)) {
      throw new Error(`${file} imports ${imported.path}, which the package does not depend on`);
    }
  }
}

for (const [name, file] of Object.entries(entries)) {
  const bundle = await rollup({
    input: join(root, file),
    plugins: [dts({ tsconfig: join(root, 'tsconfig.json'), includeExternal: ['@tasklane/db'] })],
  });
  const { output } = await bundle.write({ file: join(outDir, `${name}.d.ts`), format: 'es' });
  await bundle.close();
  for (const chunk of output) {
    const imported = chunk.type === 'chunk' ? chunk.imports : [];
    for (const specifier of imported) {
      if (!isDependency(specifier, [...runtimeDependencies, ...typeDependencies])) {
        throw new Error(
          `${name}.d.ts refers to ${specifier}, which the package does not depend on`,
        );
      }
    }
  }
}

const source = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = {
  name: source.name,
  version: source.version,
  description:
    'Typed HTTP client, router types, contract values and input schemas of the Tasklane API',
  type: 'module',
  exports: {
    ...Object.fromEntries(
      Object.keys(entries).map((name) => [
        `./${name}`,
        { types: `./${name}.d.ts`, default: `./${name}.js` },
      ]),
    ),
    './package.json': './package.json',
  },
  files: ['*.js', '*.d.ts'],
  sideEffects: false,
  engines: { node: '>=22.12' },
  dependencies: Object.fromEntries(
    [...runtimeDependencies, ...typeDependencies]
      .sort()
      .map((name) => [name, installedVersion(name)]),
  ),
};
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`built ${outDir}: ${Object.keys(entries).join(', ')}`);
