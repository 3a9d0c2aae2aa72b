import { describe, expect, it } from 'vitest';

import { findForbiddenModules } from './bundle-guard';

const store = '/work/node_modules/.pnpm';

describe('findForbiddenModules', () => {
  it('flags server-only packages and workspace server code', () => {
    const found = findForbiddenModules([
      `${store}/pg@8.23.1/node_modules/pg/lib/index.js`,
      `${store}/pg-protocol@1.1.0/node_modules/pg-protocol/dist/index.js`,
      `${store}/kysely@0.29.9/node_modules/kysely/dist/esm/index.js`,
      `${store}/fastify@5.12.8/node_modules/fastify/fastify.js`,
      `${store}/@node-rs+argon2@2.2.1/node_modules/@node-rs/argon2/index.js`,
      `${store}/jose@6.2.18/node_modules/jose/dist/webapi/jwt/sign.js`,
      '/work/packages/db/src/create-database.ts',
      '/work/packages/api/src/sessions/access-token.ts',
      '/work/packages/api/src/trpc.ts',
      '/work/packages/api/src/root.ts',
      '\0__vite-browser-external:node:crypto',
    ]);
    expect(found.map(({ why }) => why)).toEqual([
      'pg',
      'pg',
      'kysely',
      'fastify',
      'argon2 (password hashing)',
      'jose (tokens)',
      '@tasklane/db',
      'server code of @tasklane/api',
      'server code of @tasklane/api',
      'server code of @tasklane/api',
      'a Node.js built-in module',
    ]);
  });

  it('lets the client libraries and the shared schemas through', () => {
    expect(
      findForbiddenModules([
        '/work/packages/api/src/schemas.ts',
        '/work/packages/api/src/accounts/account-schemas.ts',
        '/work/packages/api/src/sessions/session-schemas.ts',
        '/work/packages/api/src/sessions/token-delivery.ts',
        '/work/packages/api/src/tasks/task-schemas.ts',
        '/work/packages/api/src/contract/task-rules.ts',
        '/work/packages/api/src/client/client-errors.ts',
        `${store}/@trpc+client@11.22.1/node_modules/@trpc/client/dist/index.mjs`,
        `${store}/@trpc+server@11.22.1/node_modules/@trpc/server/dist/unstable-core-do-not-import.mjs`,
        `${store}/react-dom@19.2.0/node_modules/react-dom/client.js`,
        `${store}/zod@4.6.7/node_modules/zod/v4/classic/schemas.js`,
        `${store}/superjson@2.2.6/node_modules/superjson/dist/index.js`,
        '/work/apps/web/src/main.tsx',
        // "pgup" or "fastify-like" inside a file name of ours is not the pg package.
        '/work/apps/web/src/tasks/pg-like-name.ts',
      ]),
    ).toEqual([]);
  });
});
