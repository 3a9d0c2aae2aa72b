// The screen for the current URL and session: signed-out people see only the sign-in, sign-up
// and forgot-password screens, signed-in people only the app; the pages mail links open are for
// both.
import { lazy, Suspense, useEffect, useRef } from 'react';

import { useSession } from './app-providers';
import { AppShell } from './app-shell';
import { ConfirmEmailPage } from './auth/confirm-email-page';
import { ForgotPasswordPage } from './auth/forgot-password-page';
import { ResetPasswordPage } from './auth/reset-password-page';
import { SignInPage } from './auth/sign-in-page';
import { SignUpPage } from './auth/sign-up-page';
import { VerifyEmailPage } from './auth/verify-email-page';
import { rememberReturn } from './router/return-to';
import { navigate, useRoute } from './router/router';
import { openRoutes, protectedRoutes, type RouteName } from './router/routes';
import { TasksPage } from './tasks/tasks-page';
import { ToastProvider } from './ui/toasts';
import { PageSkeleton } from './ui/page-skeleton';

// Visited less often than the task list: loaded on demand to keep the first download small.
const AccountPage = lazy(() =>
  import('./account/account-page').then((module) => ({ default: module.AccountPage })),
);
const DevicePage = lazy(() =>
  import('./device/device-page').then((module) => ({ default: module.DevicePage })),
);

function allowed(route: RouteName | null, signedIn: boolean): RouteName {
  if (route === null) return signedIn ? 'tasks' : 'signIn';
  if (openRoutes.has(route)) return route;
  if (protectedRoutes.has(route) !== signedIn) return signedIn ? 'tasks' : 'signIn';
  return route;
}

export function App() {
  const state = useSession();
  const route = useRoute();
  const signedIn = state.status === 'signed-in';
  const target = state.status === 'restoring' ? null : allowed(route, signedIn);
  // Whether someone was signed in on this page since it loaded (read by the effect below).
  const wasSignedIn = useRef(false);
  useEffect(() => {
    if (signedIn) wasSignedIn.current = true;
  }, [signedIn]);

  useEffect(() => {
    if (target === null || target === route) return;
    // A link opened signed out (the device page with its code, a shared view of the tasks) is
    // where the person comes back to after signing in. Not a screen a session ended on (revoked
    // from another device, say): the next person to sign in on this tab would get it.
    if (target === 'signIn' && !wasSignedIn.current) rememberReturn();
    navigate(target, { replace: true });
  }, [target, route]);

  if (target === null || target !== route) return <PageSkeleton />;

  return (
    <ToastProvider>
      {target === 'signIn' && <SignInPage />}
      {target === 'signUp' && <SignUpPage />}
      {target === 'forgotPassword' && <ForgotPasswordPage />}
      {target === 'resetPassword' && <ResetPasswordPage />}
      {target === 'verifyEmail' && <VerifyEmailPage />}
      {target === 'confirmEmail' && <ConfirmEmailPage />}
      {(target === 'tasks' || target === 'account' || target === 'device') && (
        <AppShell current={target}>
          {target === 'tasks' ? (
            <TasksPage />
          ) : (
            <Suspense fallback={<PageSkeleton inShell />}>
              {target === 'account' ? <AccountPage /> : <DevicePage />}
            </Suspense>
          )}
        </AppShell>
      )}
    </ToastProvider>
  );
}
