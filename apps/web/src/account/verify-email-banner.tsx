// Shown across the app while the account's address is not verified. The account works normally
// meanwhile; the banner only offers to send the link again.
import { useMutation } from '@tanstack/react-query';

import { useSession } from '../app-providers';
import { errorMessage } from '../trpc/error-message';
import { useTRPC } from '../trpc/trpc';
import { Button } from '../ui/button';

export function VerifyEmailBanner() {
  const trpc = useTRPC();
  const state = useSession();
  const resend = useMutation(trpc.auth.requestEmailVerification.mutationOptions());
  if (state.status !== 'signed-in' || state.user.emailVerified) return null;

  return (
    <section
      aria-label="Email address not confirmed"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-50"
    >
      <div className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm">
        <p className="mr-auto break-words">
          Please confirm your email address with the link we mailed you.
        </p>
        {/* A live region without the status role: the app's toasts hold that one. */}
        <p aria-live="polite" className="empty:hidden">
          {resend.isSuccess
            ? 'We sent a new link.'
            : resend.isError
              ? errorMessage(resend.error)
              : ''}
        </p>
        {!resend.isSuccess && (
          <Button
            variant="secondary"
            size="sm"
            pending={resend.isPending}
            onClick={() => {
              resend.mutate();
            }}
          >
            {resend.isPending ? 'Sending…' : 'Resend'}
          </Button>
        )}
      </div>
    </section>
  );
}
