// Bundles the CLI and everything it imports into one executable file, dist/tasklane.js.
import { chmod } from 'node:fs/promises';

import { build } from 'esbuild';

const outfile = 'dist/tasklane.js';
await build({
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
console.log(`built ${outfile}`);
