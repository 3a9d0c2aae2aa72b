// Holds the client's session: signs in or refreshes when a call needs a token, at most one
// renewal at a time, shortly before the access token expires rather than after.
import type { PasswordCredentials, TasklaneCredentials, TasklaneTokens } from './credentials';
import { errorCode } from './client-errors';

/** What the server hands out on sign-in and refresh (with `tokenDelivery: 'body'`). */
export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken?: string | undefined;
}

export interface SessionIssuer {
  signIn(credentials: PasswordCredentials): Promise<IssuedSession>;
  refresh(refreshToken: string): Promise<IssuedSession>;
}

/**
 * How the session link renews tokens: a refresh token in the body (`createTokenSource`, Node) or
 * the refresh cookie under a cross-tab lock (`createCookieTokenRenewal`, browsers).
 */
export interface TokenRenewal {
  /**
   * Makes sure a usable access token is at hand and returns its generation, which identifies it
   * in `reject`. Rejects when no token can be had (wrong password, session expired, signed out).
   */
  ready(): Promise<number>;
  /**
   * The token of `generation` must not be used again (the server refused it, or a live stream is
   * moving off it before it expires): the next `ready()` renews it (once).
   */
  reject(generation: number): void;
  /** The session is over: a renewal was refused, or the renewed token was refused too. */
  ended?(): void;
  /**
   * When the current token should be renewed (ms since the epoch), if the strategy knows. A live
   * stream renews then and reconnects, instead of being cut off when the token expires.
   */
  renewAt?(): number | undefined;
}

export interface TokenSource extends TokenRenewal {
  /** The access token for the next request, if any. */
  current(): string | undefined;
  /** True while there is a session to sign out of. */
  hasSession(): boolean;
  tokens(): TasklaneTokens | null;
  /** Forgets every token; later calls fail until a new client is made. */
  close(): void;
}

/** Renew this long before expiry (at most half the token's lifetime), so no call races expiry. */
export const RENEW_MARGIN_MS = 60_000;

/** When to renew a token received at `receivedAt`: a minute early, or halfway for short ones. */
export function renewalTime(expiresAt: Date, receivedAt: number): number {
  const lifetime = expiresAt.getTime() - receivedAt;
  return receivedAt + lifetime - Math.min(RENEW_MARGIN_MS, Math.max(0, lifetime / 2));
}

export class SignedOutError extends Error {
  override readonly name = 'SignedOutError';
  constructor() {
    super('This Tasklane client has signed out; create a new client to sign in again.');
  }
}

export class MissingRefreshTokenError extends Error {
  override readonly name = 'MissingRefreshTokenError';
  constructor() {
    super('The server did not return a refresh token; sign in again.');
  }
}

export function createTokenSource(
  credentials: TasklaneCredentials,
  issuer: SessionIssuer,
  onTokens?: (tokens: TasklaneTokens) => void | Promise<void>,
): TokenSource {
  if ('accessToken' in credentials) return callerTokenSource(credentials.accessToken);

  const password = 'email' in credentials ? credentials : undefined;
  let refreshToken = 'refreshToken' in credentials ? credentials.refreshToken : undefined;
  let access: { token: string; expiresAt: Date; renewAt: number } | undefined;
  if ('cachedAccessToken' in credentials && credentials.cachedAccessToken !== undefined) {
    const { token, expiresAt } = credentials.cachedAccessToken;
    access = { token, expiresAt, renewAt: expiresAt.getTime() - RENEW_MARGIN_MS };
  }
  let generation = 0;
  let renewal: Promise<void> | undefined;
  let closed = false;

  const adopt = async (session: IssuedSession): Promise<void> => {
    access = {
      token: session.accessToken,
      expiresAt: session.accessTokenExpiresAt,
      renewAt: renewalTime(session.accessTokenExpiresAt, Date.now()),
    };
    refreshToken = session.refreshToken;
    generation += 1;
    await onTokens?.({
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
    });
  };

  const renew = async (): Promise<void> => {
    if (refreshToken !== undefined) {
      try {
        await adopt(await issuer.refresh(refreshToken));
        return;
      } catch (error) {
        // A dead refresh session is recoverable only when we can sign in again.
        if (password === undefined || errorCode(error) !== 'UNAUTHORIZED') throw error;
      }
    }
    if (password === undefined) throw new MissingRefreshTokenError();
    await adopt(await issuer.signIn(password));
  };

  return {
    async ready() {
      if (closed) throw new SignedOutError();
      if (access !== undefined && Date.now() < access.renewAt) return generation;
      renewal ??= renew().finally(() => {
        renewal = undefined;
      });
      await renewal;
      return generation;
    },
    current: () => access?.token,
    reject(rejected) {
      if (rejected === generation) access = undefined;
    },
    renewAt: () => access?.renewAt,
    hasSession: () => !closed && (access !== undefined || refreshToken !== undefined),
    tokens: () =>
      access === undefined
        ? null
        : { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken },
    close() {
      closed = true;
      access = undefined;
      refreshToken = undefined;
    },
  };
}

/** Access-token credentials: the caller's function is the whole session. */
function callerTokenSource(accessToken: () => string | Promise<string>): TokenSource {
  let token: string | undefined;
  let generation = 0;
  let closed = false;
  return {
    async ready() {
      if (closed) throw new SignedOutError();
      token = await accessToken();
      generation += 1;
      return generation;
    },
    current: () => token,
    reject() {
      // The function is asked again on the retry; nothing is cached here.
    },
    hasSession: () => !closed,
    tokens: () => null,
    close() {
      closed = true;
      token = undefined;
    },
  };
}

/**
 * An API key: one fixed secret sent on every request, nothing to renew. A refused key stays
 * refused (revoked or expired), so calls are not retried; `close` forgets it here only (a key is
 * revoked by its owner, signed in).
 */
export function apiKeyTokenSource(apiKey: string): TokenSource {
  let closed = false;
  return {
    ready: () => (closed ? Promise.reject(new SignedOutError()) : Promise.resolve(0)),
    current: () => (closed ? undefined : apiKey),
    reject() {
      // Nothing to renew: the stream's one reconnection after a refusal is refused again.
    },
    hasSession: () => false,
    tokens: () => null,
    close() {
      closed = true;
    },
  };
}
