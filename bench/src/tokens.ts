// Access tokens for the seeded sessions, signed in-process with the server's own code and secret,
// so load starts without a single sign-in.
import { createAccessTokens } from '@tasklane/api';

import type { SeededUser } from './seed';

export interface TokenConfig {
  secret: string;
  issuer: string;
  audience: string;
  /** Longer than the whole run, so no token expires mid-measurement. */
  ttlSeconds: number;
}

export async function signAccessTokens(
  users: SeededUser[],
  config: TokenConfig,
): Promise<string[]> {
  const tokens = await createAccessTokens({
    secret: new TextEncoder().encode(config.secret),
    issuer: config.issuer,
    audience: config.audience,
    ttlSeconds: config.ttlSeconds,
  });
  return Promise.all(
    users.map(async (user) => {
      const issued = await tokens.issue({ userId: user.id, sessionId: user.sessionId });
      return issued.token;
    }),
  );
}
