// Renews the access token through `auth.refresh` (the HttpOnly cookie). One refresh at a time:
// refresh tokens rotate and a replayed one revokes the whole session, so two concurrent
// refreshes (two requests failing at once, or two tabs) must never send the same cookie twice.
import type { AuthSession } from '@tasklane/api/client';

import type { SessionStore } from './session-store';

export type RefreshOutcome = 'refreshed' | 'rejected' | 'unreachable';

export interface SessionRefresherOptions {
  store: SessionStore;
  /** Calls `auth.refresh` without an access token; rejects with the server's error. */
  refresh: () => Promise<AuthSession>;
  /** True when the error means "no valid refresh session" rather than a network failure. */
  isRejection: (error: unknown) => boolean;
  /** Serialises refreshes across tabs (Web Locks); defaults to running the task directly. */
  withLock?: <T>(task: () => Promise<T>) => Promise<T>;
}

export interface SessionRefresher {
  /** Refreshes once, sharing the result with every concurrent caller. */
  refresh(): Promise<RefreshOutcome>;
}

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please sign in again.';

export function createSessionRefresher(options: SessionRefresherOptions): SessionRefresher {
  const withLock = options.withLock ?? ((task) => task());
  let inFlight: Promise<RefreshOutcome> | null = null;

  const run = async (): Promise<RefreshOutcome> => {
    try {
      const session = await withLock(options.refresh);
      options.store.signIn(session);
      return 'refreshed';
    } catch (error) {
      return options.isRejection(error) ? 'rejected' : 'unreachable';
    }
  };

  return {
    refresh() {
      inFlight ??= run().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}

/** Cross-tab mutual exclusion where the browser has Web Locks. */
export function webLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return task();
  return navigator.locks.request('tasklane-session-refresh', task);
}
