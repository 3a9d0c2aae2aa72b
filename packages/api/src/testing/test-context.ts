// Builds real services and contexts for in-process tests: real tokens, real database rows.
import { randomBytes, randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { Database } from '@tasklane/db';

import { insertUser } from '../accounts/user-store';
import type { ApiServices, AuthConfig, CookieOptions, RequestInfo, ResponseSink } from '../context';
import { createContext } from '../context';
import { createCaller } from '../root';
import { createApiServices, type ApiServicesConfig } from '../services';
import { createSession } from '../sessions/session-store';

export const testAuthConfig: AuthConfig = {
  issuer: 'tasklane-test',
  audience: 'tasklane-test',
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  webOrigins: ['http://localhost:5173'],
  production: false,
};

/** What a test may set of a server's configuration besides the database and auth. */
export type TestServicesOptions = Partial<Omit<ApiServicesConfig, 'db' | 'auth'>>;

/** Services as a server builds them, with a random secret; `options` tune the rest. */
export function createTestServices(
  db: Kysely<Database>,
  auth: Partial<AuthConfig> = {},
  options: TestServicesOptions = {},
): Promise<ApiServices> {
  return createApiServices({
    db,
    authSecret: randomBytes(32),
    auth: { ...testAuthConfig, ...auth },
    ...options,
  });
}

export function testRequest(overrides: Partial<RequestInfo> = {}): RequestInfo {
  return {
    authorization: undefined,
    cookies: {},
    ip: '203.0.113.7',
    userAgent: 'vitest',
    origin: undefined,
    secure: false,
    ...overrides,
  };
}

export interface RecordedResponse extends ResponseSink {
  cookies: Map<string, { value: string; options: CookieOptions }>;
  headers: Map<string, string>;
}

export function recordingResponse(): RecordedResponse {
  const cookies = new Map<string, { value: string; options: CookieOptions }>();
  const headers = new Map<string, string>();
  return {
    cookies,
    headers,
    setCookie: (name, value, options) => cookies.set(name, { value, options }),
    setHeader: (name, value) => headers.set(name.toLowerCase(), value),
  };
}

export function callerFor(services: ApiServices, request: Partial<RequestInfo> = {}) {
  const response = recordingResponse();
  const caller = createCaller(createContext(services, testRequest(request), response));
  return { caller, response };
}

export interface SignedInTestUser {
  userId: string;
  sessionId: string;
  email: string;
  accessToken: string;
  caller: ReturnType<typeof createCaller>;
}

/**
 * A user with a live session and a real access token, inserted directly so suites that are not
 * about authentication do not pay for password hashing.
 */
export async function signedInTestUser(
  services: ApiServices,
  fields: { email?: string; name?: string } = {},
): Promise<SignedInTestUser> {
  const email = fields.email ?? `user-${randomUUID()}@example.com`;
  const user = await insertUser(services.db, {
    email,
    name: fields.name ?? 'Test User',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$dGVzdHNhbHQ$not-a-real-hash',
  });
  const session = await createSession(services.db, {
    userId: user.id,
    userAgent: 'vitest',
    ttlSeconds: services.auth.refreshTokenTtlSeconds,
  });
  const { token } = await services.tokens.issue({ userId: user.id, sessionId: session.sessionId });
  const { caller } = callerFor(services, { authorization: `Bearer ${token}` });
  return { userId: user.id, sessionId: session.sessionId, email, accessToken: token, caller };
}
