// Which packages each layer may import: web -> api client entries only; api -> db, never a web
// framework; db -> nothing of ours. Applied with `tasklaneConfig(dir, { layer })`.

const SERVER_ONLY =
  'server-only code: the web imports @tasklane/api/client, /contract, /quick-add or /schemas';

/** `no-restricted-imports` options per layer. */
export const LAYER_IMPORTS = {
  web: {
    paths: [{ name: '@tasklane/api', message: `The server entry is ${SERVER_ONLY}.` }],
    patterns: [
      {
        group: ['@tasklane/db', '@tasklane/db/*', '@tasklane/server', '@tasklane/server/*'],
        message: `The web never imports the database or the server (${SERVER_ONLY}).`,
      },
      {
        group: [
          '@tasklane/api/*',
          '!@tasklane/api/client',
          '!@tasklane/api/contract',
          '!@tasklane/api/quick-add',
          '!@tasklane/api/schemas',
        ],
        message: `Only the client entries of @tasklane/api reach the web (${SERVER_ONLY}).`,
      },
    ],
  },
  api: {
    patterns: [
      {
        group: ['fastify', 'fastify/*', '@fastify/*', '@trpc/server/adapters/fastify'],
        message: 'The api package is framework-agnostic: Fastify belongs in apps/server.',
      },
      {
        group: ['@tasklane/server', '@tasklane/server/*', '@tasklane/web', '@tasklane/cli'],
        message: 'api never imports an app.',
      },
    ],
  },
  db: {
    patterns: [
      {
        group: ['@tasklane/*', '!@tasklane/db', '!@tasklane/db/*'],
        message: 'The db package imports nothing of ours.',
      },
    ],
  },
};

/** Where the layer rule does not apply: tests may run the real router in process. */
export const LAYER_EXEMPT_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/testing/**'];
