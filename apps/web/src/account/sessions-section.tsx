import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { errorMessage } from '../trpc/error-message';
import { useServices } from '../app-providers';
import { navigate } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';
import { useToast } from '../ui/toasts';
import { deviceLabel } from './device-label';
import { formatRelative } from './relative-time';
import { Section } from './section';

export function SessionsSection({ now }: { now: Date }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { session } = useServices();
  const toast = useToast();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.auth.sessions.queryFilter()),
      onError: (error) => {
        toast.show({ tone: 'error', message: errorMessage(error) });
      },
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        session.signOut('You have been signed out on every device.');
        navigate('signIn', { replace: true });
      },
      onError: (error) => {
        toast.show({ tone: 'error', message: errorMessage(error) });
      },
    }),
  );

  return (
    <Section
      title="Active sessions"
      description="Devices signed in to your account. Revoking one signs it out at once."
    >
      {sessions.isPending ? (
        <div className="flex flex-col gap-2" role="status" aria-label="Loading sessions">
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
        </div>
      ) : sessions.isError ? (
        <Alert tone="error">{errorMessage(sessions.error)}</Alert>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800">
          {sessions.data.map((item) => {
            // A device login names its client ("Tasklane CLI on build-box"); a browser's
            // User-Agent is read for a name instead.
            const label = item.clientName ?? deviceLabel(item.userAgent);
            return (
              <li key={item.id} className="flex items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {label}
                    {item.current && (
                      <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
                        This device
                      </span>
                    )}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    Last used {formatRelative(item.lastUsedAt, now)} · signed in{' '}
                    {item.createdAt.toLocaleDateString()}
                  </p>
                </div>
                {!item.current && (
                  <Button
                    variant="secondary"
                    size="sm"
                    pending={revoke.isPending && revoke.variables.sessionId === item.id}
                    aria-label={`Revoke ${label}, last used ${formatRelative(item.lastUsedAt, now)}`}
                    onClick={() => {
                      revoke.mutate({ sessionId: item.id });
                    }}
                  >
                    Revoke
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Button
        variant="secondary"
        className="mt-3 self-start"
        pending={everywhere.isPending}
        onClick={() => {
          everywhere.mutate();
        }}
      >
        Sign out everywhere
      </Button>
    </Section>
  );
}
