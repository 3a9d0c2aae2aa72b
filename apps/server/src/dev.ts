// `pnpm dev`'s entry: the repository's .env under the shell's own variables, relative paths
// (DATA_DIR, WEB_DIST_DIR) from the repository root, then the server. Production starts
// dist/main.js, which never reads a .env file.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEnvFileIfExists } from './env';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
process.chdir(repoRoot);
loadEnvFileIfExists(join(repoRoot, '.env'));
await import('./main');
