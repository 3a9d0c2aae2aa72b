// What a page opened from a mailed link shows when the link cannot be used, with the ways on.
import { useSession } from '../app-providers';
import { Link } from '../router/router';
import type { RouteName } from '../router/routes';
import { Alert } from '../ui/alert';

/** The server's one answer for an unknown, used or expired link. */
export const INVALID_LINK_MESSAGE = 'This link is invalid or has expired.';

const linkClass = 'font-medium text-indigo-700 underline dark:text-indigo-300';

export function LinkProblem({ message, retry }: { message: string; retry?: RouteName }) {
  const signedIn = useSession().status === 'signed-in';
  return (
    <>
      <Alert tone="error">
        {message}
        {message === INVALID_LINK_MESSAGE && (
          <>
            {' '}
            Each link works once, and only for a while: the newest one you were sent is the one that
            works.
          </>
        )}
      </Alert>
      <p className="mt-6 flex flex-wrap justify-center gap-x-6 gap-y-2 text-sm">
        {retry === 'forgotPassword' && !signedIn && (
          <Link to="forgotPassword" className={linkClass}>
            Ask for a new link
          </Link>
        )}
        {signedIn ? (
          <Link to="account" className={linkClass}>
            Go to your account
          </Link>
        ) : (
          <Link to="signIn" className={linkClass}>
            Back to sign in
          </Link>
        )}
      </p>
    </>
  );
}
