// The one session link, for Node and browsers alike: it makes sure a token is ready before a call
// and, when the server still answers UNAUTHORIZED, renews the token and retries that call exactly
// once (never in a loop). When to renew and how is the strategy's (`TokenRenewal`); a refused
// renewal, or a renewed token refused again, ends the session.
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';

import { isClientRejection } from './client-errors';
import type { AppRouter } from './router-types';
import type { TokenRenewal } from './token-source';

/** Procedures that create a session: they need no token and their UNAUTHORIZED is final. */
export const SESSION_PROCEDURES: ReadonlySet<string> = new Set([
  'auth.signIn',
  'auth.signUp',
  'auth.refresh',
]);

/**
 * `retryUnauthorized: false` (an API key, which nothing renews): a refused call is answered as
 * it is, without a second request.
 */
export function sessionLink(
  source: TokenRenewal,
  { retryUnauthorized = true }: { retryUnauthorized?: boolean } = {},
): TRPCLink<AppRouter> {
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
              if (isClientRejection(error)) source.ended?.();
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
              if (generation !== undefined && error.data?.code === 'UNAUTHORIZED') {
                if (!isRetry && retryUnauthorized) {
                  source.reject(generation);
                  void attempt(true);
                  return;
                }
                source.ended?.();
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
