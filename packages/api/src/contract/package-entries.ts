// The entry points of @tasklane/api that may reach a browser or an outside service, and the
// source files they are made of. The packing script builds these entries, and the web app's
// bundle guard and the client bundle test allow these files and no other file of the package.
// No imports: build scripts load this file on its own.

/** Entry name -> source file, relative to the package root. */
export const CLIENT_ENTRY_POINTS = {
  client: 'src/client/index.ts',
  contract: 'src/contract/index.ts',
  'quick-add': 'src/quick-add/index.ts',
  schemas: 'src/schemas.ts',
} as const;

/**
 * Source files (or folders, ending in `/`) the client entry points may bundle, besides each
 * concept folder's `*-schemas.ts` (zod only, by the convention the schemas entry relies on).
 */
export const CLIENT_SAFE_SOURCES: readonly string[] = [
  'src/client/',
  'src/contract/',
  'src/quick-add/',
  // The recurrence engine (rrule-temporal), for a quick-added rule's first occurrence.
  'src/recurrence/next-occurrence.ts',
  'src/schemas.ts',
  'src/text-rules.ts',
  'src/sessions/token-delivery.ts',
];

const CONCEPT_SCHEMAS = /^src\/[a-z-]+\/[a-z-]+-schemas\.ts$/;

/** True when `path` (relative to the package root, `/`-separated) may reach a client bundle. */
export function isClientSafeSource(path: string): boolean {
  return (
    CONCEPT_SCHEMAS.test(path) ||
    CLIENT_SAFE_SOURCES.some((source) =>
      source.endsWith('/') ? path.startsWith(source) : path === source,
    )
  );
}
