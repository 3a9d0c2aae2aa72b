// The rules of API keys that clients and the server share: the scopes, in one list, and the
// bounds of what a person chooses when creating a key. Plain constants (specs/contracts/api-keys.md).

/**
 * What a key may be scoped to. A resource gives two scopes, `<resource>:read` (its queries and
 * subscriptions) and `<resource>:write` (its mutations); a new resource is added here and its
 * procedures built with `scopedProcedure('<resource>')`.
 */
export const API_KEY_RESOURCES = ['tasks', 'lists'] as const;
export type ApiKeyResource = (typeof API_KEY_RESOURCES)[number];

export type ApiKeyAccess = 'read' | 'write';
export type ApiKeyScope = `${ApiKeyResource}:${ApiKeyAccess}`;

export const API_KEY_SCOPES: readonly ApiKeyScope[] = API_KEY_RESOURCES.flatMap((resource) => [
  `${resource}:read` as const,
  `${resource}:write` as const,
]);

/** The scope a procedure of `resource` needs: read for queries and subscriptions, write for mutations. */
export function scopeFor(
  resource: ApiKeyResource,
  type: 'query' | 'mutation' | 'subscription',
): ApiKeyScope {
  return type === 'mutation' ? `${resource}:write` : `${resource}:read`;
}

/** Every secret starts with this, so secret scanners recognise a leaked key. */
export const API_KEY_SECRET_PREFIX = 'tlk_';
/** How many characters of the secret (with `tlk_`) a key is shown by. */
export const API_KEY_PREFIX_LENGTH = 12;

export const API_KEY_NAME_MAX_LENGTH = 100;
export const API_KEY_MAX_EXPIRY_DAYS = 365;
/** Keys one person may hold at once (expired ones still count until revoked). */
export const MAX_API_KEYS_PER_USER = 50;
