// A tRPC link that keeps requests authenticated: a request answered UNAUTHORIZED refreshes the
// access token once and is retried once; if the refresh is refused the person is signed out
// with a message. It never loops: one retry per operation, one refresh shared by all of them.
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

import { errorCode, SESSION_PROCEDURES, type AppRouter } from '@tasklane/api/client';

import { SESSION_ENDED_MESSAGE, type SessionRefresher } from './session-refresher';
import type { SessionStore } from './session-store';

// Expiry is handled reactively (the server's UNAUTHORIZED), not from `accessTokenExpiresAt`: a
// client clock that runs fast would otherwise refresh before every request.
export function authLink(options: {
  store: SessionStore;
  refresher: SessionRefresher;
}): TRPCLink<AppRouter> {
  const { store, refresher } = options;

  return () =>
    ({ op, next }) => {
      if (SESSION_PROCEDURES.has(op.path)) return next(op);
      return observable((observer) => {
        let unsubscribe: (() => void) | null = null;
        let stopped = false;

        const attempt = (isRetry: boolean): void => {
          if (stopped) return;
          const tokenUsed = store.accessToken();
          const subscription = next(op).subscribe({
            next: (envelope) => {
              observer.next(envelope);
            },
            complete: () => {
              observer.complete();
            },
            error: (error) => {
              if (errorCode(error) !== 'UNAUTHORIZED' || isRetry) {
                if (errorCode(error) === 'UNAUTHORIZED') store.signOut(SESSION_ENDED_MESSAGE);
                observer.error(error);
                return;
              }
              // Another request may already have renewed the token this one was sent with.
              const renewed = store.accessToken() !== null && store.accessToken() !== tokenUsed;
              const ready = renewed ? Promise.resolve('refreshed' as const) : refresher.refresh();
              void ready.then((outcome) => {
                if (outcome === 'refreshed') {
                  attempt(true);
                  return;
                }
                if (outcome === 'rejected') store.signOut(SESSION_ENDED_MESSAGE);
                observer.error(error);
              });
            },
          });
          unsubscribe = () => {
            subscription.unsubscribe();
          };
        };

        attempt(false);

        return () => {
          stopped = true;
          unsubscribe?.();
        };
      });
    };
}
