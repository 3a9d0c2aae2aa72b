import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { bundleGuard } from './scripts/bundle-guard.ts';

const repoEnvFile = fileURLToPath(new URL('../../.env', import.meta.url));

export default defineConfig(({ command }) => {
  // `pnpm dev` reads the repository's .env as the server's dev entry does; the shell's own
  // variables win. A build reads nothing from it.
  if (command === 'serve' && existsSync(repoEnvFile)) process.loadEnvFile(repoEnvFile);
  const apiPort = port(process.env.PORT, 3000);
  const webPort = port(process.env.WEB_PORT, 5173);

  return {
    plugins: [react(), tailwindcss(), bundleGuard()],
    server: {
      port: webPort,
      strictPort: true,
      // The API is proxied so the browser talks to one origin, as in production, and the
      // HttpOnly refresh cookie and the Origin check work unchanged.
      proxy: { '/api': { target: `http://127.0.0.1:${apiPort}` } },
    },
    build: {
      target: 'es2022',
      modulePreload: { polyfill: false },
      sourcemap: true,
    },
  };
});

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    throw new Error(`"${value}" is not a port number`);
  }
  return parsed;
}
