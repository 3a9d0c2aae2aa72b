// How production starts the server (`node <flags> dist/main.js`, from this package's `start`
// script), for whatever launches built instances itself: spawned test servers, deploy/local.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const builtServerEntry = join(serverRoot, 'dist', 'main.js');

/** The `node` flags of the `start` script, e.g. the young-generation cap. */
export function startScriptNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(serverRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const match = /^node\s+(.*?)\s*dist\/main\.js/.exec(manifest.scripts?.start ?? '');
  return (match?.[1] ?? '').split(/\s+/).filter((flag) => flag !== '');
}
