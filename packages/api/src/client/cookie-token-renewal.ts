// The browser's token renewal for the session link: the access token lives in the app's memory
// and is renewed through `auth.refresh` with the HttpOnly refresh cookie, only after the server
// refused it (a client clock that runs fast would otherwise refresh before every request).
// Refresh tokens rotate and a replayed one revokes the whole session, so one refresh at a time:
// shared within the page, and serialised across tabs by the caller's lock (Web Locks).
import type { AuthSession } from './router-types';
import { renewalTime, type TokenRenewal } from './token-source';

export interface CookieTokenRenewalOptions {
  /** The access token the app holds now; null when signed out. */
  accessToken: () => string | null;
  /**
   * When that token expires, if known: a live stream renews shortly before (calls are still
   * renewed only after a refusal). A token that looks expired on arrival (a clock set ahead) gets
   * no such time.
   */
  accessTokenExpiresAt?: () => Date | null;
  /** Calls `auth.refresh` (the cookie, no access token); rejects with the server's error. */
  refresh: () => Promise<AuthSession>;
  /** Runs the refresh under a lock shared by every tab (`navigator.locks` in a browser). */
  withLock: <T>(task: () => Promise<T>) => Promise<T>;
  /** Keeps the session a refresh handed out. */
  onSession: (session: AuthSession) => void;
  /** The session is over (the refresh was refused, or its token was refused too). */
  onEnded: () => void;
}

export interface CookieTokenRenewal extends TokenRenewal {
  /** Refreshes now, sharing a refresh in flight; rejects with the server's error. */
  renew(): Promise<void>;
}

export function createCookieTokenRenewal(options: CookieTokenRenewalOptions): CookieTokenRenewal {
  let seen: string | null = null;
  let generation = 0;
  let refused = false;
  let renewAt: number | undefined;
  let renewal: Promise<void> | undefined;

  // A new token (a refresh, a sign-in, a sign-out) is a new generation, not yet refused.
  const observe = (): number => {
    const token = options.accessToken();
    if (token !== seen) {
      seen = token;
      generation += 1;
      refused = false;
      const now = Date.now();
      const expiresAt = token === null ? null : (options.accessTokenExpiresAt?.() ?? null);
      renewAt =
        expiresAt !== null && expiresAt.getTime() > now ? renewalTime(expiresAt, now) : undefined;
    }
    return generation;
  };

  const renew = (): Promise<void> => {
    renewal ??= options
      .withLock(options.refresh)
      .then(options.onSession)
      .finally(() => {
        renewal = undefined;
      });
    return renewal;
  };

  return {
    async ready() {
      const current = observe();
      if (!refused) return current;
      await renew();
      return observe();
    },
    reject(rejected) {
      if (rejected === observe()) refused = true;
    },
    ended: () => {
      options.onEnded();
    },
    renewAt: () => {
      observe();
      return renewAt;
    },
    renew,
  };
}
