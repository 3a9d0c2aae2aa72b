import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestPglite, type TestDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';
import { IMMUTABLE_CACHE, resolveWebDistDir } from './web-app-plugin';

const indexHtml = '<!doctype html><html><body><div id="root"></div></body></html>';
const appScript = `console.log(${JSON.stringify('x'.repeat(2000))});`;

describe('serving the built web app', () => {
  let database: TestDatabase;
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'tasklane-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), indexHtml);
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), appScript);
    writeFileSync(join(dist, 'assets', 'index-AbC123.js.br'), brotliCompressSync(appScript));
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
