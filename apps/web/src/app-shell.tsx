import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { VerifyEmailBanner } from './account/verify-email-banner';
import { errorMessage } from './trpc/error-message';
import { useServices, useSession } from './app-providers';
import { Link, navigate } from './router/router';
import type { RouteName } from './router/routes';
import { useTRPC } from './trpc/trpc';
import { Button } from './ui/button';
import { cx, focusRing } from './ui/class-names';
import { useToast } from './ui/toasts';

const navItems: { to: RouteName; label: string }[] = [
  { to: 'tasks', label: 'Tasks' },
  { to: 'account', label: 'Account' },
];

export function AppShell({ current, children }: { current: RouteName; children: ReactNode }) {
  const trpc = useTRPC();
  const { session } = useServices();
  const state = useSession();
  const toast = useToast();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  const name = state.status === 'signed-in' ? state.user.name : '';

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className={cx(
          'sr-only rounded-md bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 dark:bg-slate-900',
          focusRing,
        )}
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <div className="mx-auto flex max-w-4xl items-center gap-2 px-4 py-2">
          <Link
            to="tasks"
            className={cx(
              'mr-auto flex items-center gap-2 rounded-md font-semibold text-indigo-700 dark:text-indigo-300',
              focusRing,
            )}
          >
            <img src="/favicon.svg" alt="" className="size-7" />
            <span className="max-[359px]:sr-only">Tasklane</span>
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1">
            {navItems.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                aria-current={item.to === current ? 'page' : undefined}
                className={cx(
                  'rounded-md px-3 py-2 text-sm font-medium',
                  item.to === current
                    ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800',
                  focusRing,
                )}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <Button
            variant="ghost"
            size="sm"
            pending={signOut.isPending}
            title={name === '' ? undefined : `Signed in as ${name}`}
            onClick={() => {
              signOut.mutate(undefined, {
                onSuccess: () => {
                  session.signOut('You have signed out.');
                  navigate('signIn', { replace: true });
                },
                onError: (error) => {
                  toast.show({ tone: 'error', message: errorMessage(error) });
                },
              });
            }}
          >
            Sign out
          </Button>
        </div>
      </header>
      <VerifyEmailBanner />
      <main id="main" className="mx-auto max-w-4xl px-4 pt-6 pb-28">
        {children}
      </main>
    </div>
  );
}
