// No answer of the API is stored by a browser or a proxy: they carry sessions, tokens and a
// person's tasks. Set in onSend on every /api/ answer, and by the live streams, which are written
// without Fastify's onSend hooks (live-stream-route.ts).
import type { FastifyInstance } from 'fastify';

export const API_CACHE_CONTROL = 'no-store';

export function registerApiCacheControl(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', API_CACHE_CONTROL);
  });
}
