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

export function VerifyEmailPage() {
  const trpc = useTRPC();
  const signedIn = useSession().status === 'signed-in';
  const token = useLinkToken();
  const refreshUser = useRefreshUser();
  const verify = useMutation({
    ...trpc.auth.verifyEmail.mutationOptions(),
    onSuccess: () => refreshUser(),
  });
  const { mutate } = verify;
  useLinkOnce(token, (value) => {
    mutate({ token: value });
  });

  return (
    <AuthLayout title="Confirm your email address">
      {token === null ? (
        <LinkProblem message={INVALID_LINK_MESSAGE} />
      ) : verify.isError ? (
        <LinkProblem message={errorMessage(verify.error)} />
      ) : verify.isSuccess ? (
        <>
          <Alert tone="success">
            <span className="break-all">{verify.data.email}</span> is confirmed. Thank you!
          </Alert>
          <p className="mt-6 text-center text-sm">
            {signedIn ? (
              <Link to="tasks" className={linkClass}>
                Go to your tasks
              </Link>
            ) : (
              <Link to="signIn" className={linkClass}>
                Sign in
              </Link>
            )}
          </p>
        </>
      ) : (
        <Alert tone="info">Confirming your email address…</Alert>
      )}
    </AuthLayout>
  );
}
