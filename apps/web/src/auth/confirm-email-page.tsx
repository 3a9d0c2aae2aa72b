import { useMutation } from '@tanstack/react-query';

import { useSession } from '../app-providers';
import { Link } from '../router/router';
import { errorMessage } from '../trpc/error-message';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { AuthLayout } from './auth-layout';
import { INVALID_LINK_MESSAGE, LinkProblem } from './link-problem';
import { useLinkToken } from './link-token';
import { useRefreshUser } from './refresh-user';
import { useLinkOnce } from './use-link-once';

const linkClass = 'font-medium text-indigo-700 underline dark:text-indigo-300';

export function ConfirmEmailPage() {
  const trpc = useTRPC();
  const signedIn = useSession().status === 'signed-in';
  const token = useLinkToken();
  const refreshUser = useRefreshUser();
  // This browser's session, if it has one, stays signed in; every other one is signed out.
  const confirm = useMutation({
    ...trpc.auth.confirmEmailChange.mutationOptions(),
    onSuccess: () => refreshUser(),
  });
  const { mutate } = confirm;
  useLinkOnce(token, (value) => {
    mutate({ token: value });
  });

  return (
    <AuthLayout title="Confirm your new email address">
      {token === null ? (
        <LinkProblem message={INVALID_LINK_MESSAGE} />
      ) : confirm.isError ? (
        <LinkProblem message={errorMessage(confirm.error)} />
      ) : confirm.isSuccess ? (
        <>
          <Alert tone="success">
            Your email address is now <span className="break-all">{confirm.data.email}</span>. Every
            other device was signed out.
          </Alert>
          <p className="mt-6 text-center text-sm">
            {signedIn ? (
              <Link to="account" className={linkClass}>
                Go to your account
              </Link>
            ) : (
              <Link to="signIn" className={linkClass}>
                Sign in with your new address
              </Link>
            )}
          </p>
        </>
      ) : (
        <Alert tone="info">Changing your email address…</Alert>
      )}
    </AuthLayout>
  );
}
