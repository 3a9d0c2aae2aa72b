// A build plugin that fails `vite build` when server-only code reaches the browser bundle. The
// web app may import from @tasklane/api only types (erased) and the client-safe sources the
// package itself lists (its client, contract and schema entry points).
import type { Plugin } from 'vite';

import { isClientSafeSource } from '@tasklane/api/contract';

interface ForbiddenRule {
  pattern: RegExp;
  why: string;
}

const forbidden: readonly ForbiddenRule[] = [
  { pattern: /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?pg(?:-[a-z-]+)?\//, why: 'pg' },
  { pattern: /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?kysely\//, why: 'kysely' },
  { pattern: /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?@?fastify\b/, why: 'fastify' },
  { pattern: /argon2/, why: 'argon2 (password hashing)' },
  { pattern: /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?jose\//, why: 'jose (tokens)' },
  { pattern: /@electric-sql\/pglite/, why: 'PGlite' },
  { pattern: /@zxcvbn-ts/, why: 'the server password-strength check' },
  { pattern: /\/packages\/db\//, why: '@tasklane/db' },
  { pattern: /\/apps\/server\//, why: '@tasklane/server' },
  { pattern: /@trpc\/server\/dist\/adapters\//, why: 'a tRPC server adapter' },
  { pattern: /__vite-browser-external/, why: 'a Node.js built-in module' },
];

const API_PACKAGE = '/packages/api/';

/** Any file of the api package other than its client-safe sources is server code. */
function isApiServerCode(moduleId: string): boolean {
  const at = moduleId.lastIndexOf(API_PACKAGE);
  return at !== -1 && !isClientSafeSource(moduleId.slice(at + API_PACKAGE.length));
}

export interface ForbiddenModule {
  moduleId: string;
  why: string;
}

/** The bundled modules that must never ship to a browser, with the reason for each. */
export function findForbiddenModules(moduleIds: Iterable<string>): ForbiddenModule[] {
  const found: ForbiddenModule[] = [];
  for (const raw of moduleIds) {
    const moduleId = raw.replaceAll('\\', '/');
    const rule = forbidden.find(({ pattern }) => pattern.test(moduleId));
    if (rule !== undefined) found.push({ moduleId, why: rule.why });
    else if (isApiServerCode(moduleId))
      found.push({ moduleId, why: 'server code of @tasklane/api' });
  }
  return found;
}

export function bundleGuard(): Plugin {
  return {
    name: 'tasklane-bundle-guard',
    apply: 'build',
    generateBundle(_options, bundle) {
      const moduleIds = Object.values(bundle).flatMap((output) =>
        output.type === 'chunk' ? output.moduleIds : [],
      );
      const found = findForbiddenModules(moduleIds);
      if (found.length > 0) {
        // One line per reason with an example module; the full list can run to hundreds.
        const byReason = new Map<string, string[]>();
        for (const { why, moduleId } of found) {
          byReason.set(why, [...(byReason.get(why) ?? []), moduleId]);
        }
        const lines = [...byReason].map(
          ([why, ids]) => `  ${why}: ${ids.length} module(s), e.g. ${ids[0] ?? ''}`,
        );
        this.error(`Server-only code reached the browser bundle:\n${lines.join('\n')}`);
      }
    },
  };
}
