import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { bundleGuard } from './scripts/bundle-guard.ts';

// `pnpm dev`: the API is proxied so the browser talks to one origin, as in production, and the
// HttpOnly refresh cookie and the Origin check work unchanged.
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), tailwindcss(), bundleGuard()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: apiTarget } },
  },
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
