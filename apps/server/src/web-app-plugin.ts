// Serves the built web app (apps/web/dist) next to the API: hashed assets cached for a year,
// index.html revalidated on every visit, and the app's own routes (/account, ...) answered
// with index.html so a reload or a shared link works (SPA fallback).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

/** Vite puts content-hashed files (their name changes when they do) under /assets/. */
const isHashedAsset = (path: string): boolean => /[\\/]assets[\\/]/.test(path);

/** Paths that belong to the server, never to the web app. */
const SERVER_PATHS = /^\/(?:api|healthz|readyz)(?:[/?]|$)/;

/** A GET for a page of the app, not for a file: /account, /sign-in, but not /missing.js. */
function wantsAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '/';
  if (SERVER_PATHS.test(path)) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({
    message: `Route ${request.method}:${request.url.split('?')[0] ?? ''} not found`,
    error: 'Not Found',
    statusCode: 404,
  });
}

/**
 * WEB_DIST_DIR (relative to the working directory), else apps/web/dist found from the server's
 * entry module: src/main.ts and the bundled dist/main.js sit at the same depth.
 */
export function resolveWebDistDir(configured: string | undefined, entryModuleUrl: string): string {
  if (configured !== undefined && configured !== '') return resolve(configured);
  return fileURLToPath(new URL('../../web/dist', entryModuleUrl));
}

export interface WebAppOptions {
  /**
   * Serve the build's `*.map` files. Off in production: a source map hands out the app's
   * original source, comments included; a browser only fetches it for someone debugging.
   */
  sourceMaps: boolean;
}

const isSourceMap = (pathname: string): boolean => pathname.toLowerCase().endsWith('.map');

/**
 * Registers the web app when `distDir` holds a build; without one (API-only deployments, tests,
 * development with Vite) it does nothing and says so in the log.
 */
export async function registerWebApp(
  app: FastifyInstance,
  distDir: string | undefined,
  options: WebAppOptions,
): Promise<void> {
  if (distDir === undefined) return;
  if (!existsSync(join(distDir, 'index.html'))) {
    app.log.info({ distDir }, 'no web app build found; serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    // Our own Cache-Control per file below; the built files ship .br/.gz twins.
    cacheControl: false,
    preCompressed: true,
    // A refused path gets the not-found answer below, as if the file did not exist.
    allowedPath: (pathname) => options.sourceMaps || !isSourceMap(pathname),
    setHeaders: (reply, path) => {
      void reply.header('cache-control', isHashedAsset(path) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (!wantsAppPage(request)) return notFound(request, reply);
    return reply.header('cache-control', REVALIDATE_CACHE).sendFile('index.html');
  });
}
