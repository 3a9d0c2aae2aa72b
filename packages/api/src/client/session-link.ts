// A tRPC link that makes sure a token is ready before a call and, when the server still answers
// UNAUTHORIZED, renews the token and retries that call exactly once (never in a loop).
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';

import type { AppRouter } from './router-types';
import type { TokenSource } from './token-source';

/** Procedures that create a session: they need no token and their UNAUTHORIZED is final. */
export const SESSION_PROCEDURES: ReadonlySet<string> = new Set([
  'auth.signIn',
  'auth.signUp',
  'auth.refresh',
]);

export function sessionLink(source: TokenSource): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        let stopped = false;

        const attempt = async (isRetry: boolean): Promise<void> => {
          let generation: number | undefined;
          if (!SESSION_PROCEDURES.has(op.path)) {
            try {
              generation = await source.ready();
            } catch (error) {
              observer.error(TRPCClientError.from(error instanceof Error ? error : { error }));
              return;
            }
          }
          if (stopped) return;
          subscription = next(op).subscribe({
            next: (result) => {
              observer.next(result);
            },
            error: (error) => {
              if (generation !== undefined && !isRetry && error.data?.code === 'UNAUTHORIZED') {
                source.reject(generation);
                void attempt(true);
                return;
              }
              observer.error(error);
            },
            complete: () => {
              observer.complete();
            },
          });
        };

        void attempt(false);
        return () => {
          stopped = true;
          subscription?.unsubscribe();
        };
      });
}
