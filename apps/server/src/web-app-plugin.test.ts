import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testAuthConfig } from '@tasklane/api/testing';
import { createTestPglite, type TestDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';
import { IMMUTABLE_CACHE, resolveWebDistDir } from './web-app-plugin';

const indexHtml = '<!doctype html><html><body><div id="root"></div></body></html>';
const appScript = `console.log(${JSON.stringify('x'.repeat(2000))});`;
const sourceMap = JSON.stringify({ version: 3, sources: ['../../src/main.tsx'], mappings: '' });

/** A build as Vite writes it: index.html, hashed assets with pre-compressed twins, source maps. */
function writeBuild(): string {
  const dist = mkdtempSync(join(tmpdir(), 'tasklane-web-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), indexHtml);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), appScript);
  writeFileSync(join(dist, 'assets', 'index-AbC123.js.br'), brotliCompressSync(appScript));
  writeFileSync(join(dist, 'assets', 'index-AbC123.js.map'), sourceMap);
  writeFileSync(join(dist, 'assets', 'index-AbC123.js.map.br'), brotliCompressSync(sourceMap));
  return dist;
}

describe('serving the built web app', () => {
  let database: TestDatabase;
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = writeBuild();
    database = await createTestPglite();
    app = await buildTestApp(database, { webDistDir: dist });
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await database.destroy();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache, so a new release is picked up at once', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(indexHtml);
  });

  it.each(['/account', '/sign-in', '/sign-up/', '/account?tab=sessions', '/deep/link'])(
    'answers the app route %s with index.html (SPA fallback)',
    async (url) => {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(indexHtml);
    },
  );

  it('caches hashed assets for a year and sends them pre-compressed when accepted', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(plain.body).toBe(appScript);

    const compressed = await app.inject({
      method: 'GET',
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['cache-control']).toBe(IMMUTABLE_CACHE);
  });

  it('revalidates files whose names carry no hash', async () => {
    const response = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing file with 404, never with index.html posing as the file', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-Gone99.js' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).not.toContain('<html');
  });

  it('leaves API paths and other methods to the server: 404, not the app', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/unknown' },
      { method: 'GET' as const, url: '/api' },
      { method: 'POST' as const, url: '/account' },
      { method: 'DELETE' as const, url: '/' },
    ]) {
      const response = await app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(404);
      expect(response.body).not.toContain('<html');
    }
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
  });
});

describe('Permissions-Policy on the production web app', () => {
  it('turns off the features the app does not use, on pages, assets and 404s', async () => {
    const dist = writeBuild();
    const database = await createTestPglite();
    const app = await buildTestApp(database, {
      webDistDir: dist,
      auth: { ...testAuthConfig, production: true },
    });
    try {
      for (const url of ['/', '/account', '/assets/index-AbC123.js', '/assets/index-Gone99.js']) {
        const response = await app.inject({ method: 'GET', url });
        const policy = String(response.headers['permissions-policy']);
        const features = new Map(
          policy.split(', ').map((entry): [string, string] => {
            const [feature = '', allowlist = ''] = entry.split('=');
            return [feature, allowlist];
          }),
        );
        expect(Object.fromEntries(features), url).toMatchObject({
          camera: '()',
          microphone: '()',
          geolocation: '()',
          payment: '()',
          usb: '()',
          'display-capture': '()',
          fullscreen: '(self)',
        });
      }
    } finally {
      await app.close();
      await database.destroy();
      rmSync(dist, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('source maps', () => {
  let database: TestDatabase;
  let dist: string;
  beforeAll(async () => {
    dist = writeBuild();
    database = await createTestPglite();
  }, 60_000);
  afterAll(async () => {
    await database.destroy();
    rmSync(dist, { recursive: true, force: true });
  });

  const mapRequests = [
    { url: '/assets/index-AbC123.js.map' },
    { url: '/assets/index-AbC123.js.map', headers: { 'accept-encoding': 'br' } },
    { url: '/assets/index-AbC123.js.MAP' },
    { url: '/assets/index-AbC123.js%2Emap' },
    { url: '/assets/../assets/index-AbC123.js.map' },
  ];

  it('are not served in production: 404 as if absent, the scripts still are', async () => {
    const app = await buildTestApp(database, {
      webDistDir: dist,
      auth: { ...testAuthConfig, production: true },
    });
    try {
      for (const request of mapRequests) {
        const response = await app.inject({ method: 'GET', ...request });
        expect(response.statusCode, request.url).toBe(404);
        expect(response.body, request.url).not.toContain('mappings');
      }
      const script = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
      expect([script.statusCode, script.body]).toEqual([200, appScript]);
    } finally {
      await app.close();
    }
  });

  it('are served outside production, for debugging a local build', async () => {
    const app = await buildTestApp(database, { webDistDir: dist });
    try {
      const response = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js.map' });
      expect([response.statusCode, response.body]).toEqual([200, sourceMap]);
    } finally {
      await app.close();
    }
  });
});

describe('without a web app build', () => {
  it('serves the API only and answers / with 404', async () => {
    const database = await createTestPglite();
    const missing = join(tmpdir(), 'tasklane-no-such-dist');
    const app = await buildTestApp(database, { webDistDir: missing });
    try {
      expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.destroy();
    }
  }, 60_000);
});

describe('resolveWebDistDir', () => {
  it('finds apps/web/dist from the server entry, in source and in the bundle', () => {
    expect(resolveWebDistDir(undefined, 'file:///repo/apps/server/dist/main.js')).toBe(
      '/repo/apps/web/dist',
    );
    expect(resolveWebDistDir(undefined, 'file:///repo/apps/server/src/main.ts')).toBe(
      '/repo/apps/web/dist',
    );
  });

  it('prefers WEB_DIST_DIR, resolved against the working directory', () => {
    expect(resolveWebDistDir('/srv/web', 'file:///repo/apps/server/dist/main.js')).toBe('/srv/web');
    expect(resolveWebDistDir('public', 'file:///x/main.js')).toBe(join(process.cwd(), 'public'));
  });
});
