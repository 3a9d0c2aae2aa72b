// Shared by the API key test files: keys created through apiKeys.create, and callers using them.
import type { ApiKeyScope } from '../contract/api-key-rules';
import type { ApiServices } from '../context';
import { callerFor } from '../testing';
import { bearer } from '../testing/auth-test-support';

/** A clock the test moves, so expiry and the once-a-minute write are tested without sleeping. */
export function movableClock() {
  let nowMs = Date.now();
  return {
    clock: () => new Date(nowMs),
    advance: (seconds: number) => {
      nowMs += seconds * 1000;
    },
  };
}

export async function createKey(
  services: ApiServices,
  accessToken: string,
  fields: { scopes?: ApiKeyScope[]; expiresInDays?: number | null; name?: string } = {},
) {
  const { caller } = callerFor(services, { authorization: bearer(accessToken) });
  return caller.apiKeys.create({
    name: fields.name ?? 'Deploy bot',
    scopes: fields.scopes ?? ['tasks:read', 'tasks:write'],
    expiresInDays: fields.expiresInDays === undefined ? 30 : fields.expiresInDays,
  });
}

/** A caller authenticated with an API key's secret; `response` records Retry-After. */
export function keyCaller(services: ApiServices, secret: string) {
  return callerFor(services, { authorization: bearer(secret) });
}
