import { useMutation } from '@tanstack/react-query';

import { PASSWORD_MIN_LENGTH } from '@tasklane/api/contract';

import { useServices } from '../app-providers';
import { Link, navigate } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { useForm } from '../ui/use-form';
import { loadValidators } from '../validation/load-validators';
import { AuthLayout } from './auth-layout';
import { INVALID_LINK_MESSAGE, LinkProblem } from './link-problem';
import { useLinkToken } from './link-token';

export const PASSWORD_RESET_MESSAGE =
  'Your password was changed and every device was signed out. Sign in with your new password.';

export function ResetPasswordPage() {
  const trpc = useTRPC();
  const { session } = useServices();
  const token = useLinkToken();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const form = useForm({
    initial: { newPassword: '' },
    validate: async (values) =>
      (await loadValidators())?.validateResetPassword({ token: token ?? '', ...values }) ?? {
        ok: true,
        value: { token: token ?? '', ...values },
      },
    send: async (checked) => {
      await reset.mutateAsync(checked);
      // Every session of the account was revoked, this browser's included.
      session.signOut(PASSWORD_RESET_MESSAGE);
      navigate('signIn', { replace: true });
    },
  });

  if (token === null) {
    return (
      <AuthLayout title="Choose a new password">
        <LinkProblem message={INVALID_LINK_MESSAGE} retry="forgotPassword" />
      </AuthLayout>
    );
  }

  const linkFailed = form.failure === INVALID_LINK_MESSAGE || form.errors.token !== undefined;
  return (
    <AuthLayout title="Choose a new password">
      {linkFailed ? (
        <LinkProblem message={INVALID_LINK_MESSAGE} retry="forgotPassword" />
      ) : (
        <>
          {form.failure !== null && (
            <Alert tone="error" className="mb-4">
              {form.failure}
            </Alert>
          )}
          <form noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
            <PasswordField
              label="New password"
              name="new-password"
              autoComplete="new-password"
              required
              hint={`At least ${PASSWORD_MIN_LENGTH} characters. A phrase of a few words works well.`}
              value={form.values.newPassword}
              errors={form.errors.newPassword}
              onChange={(event) => {
                form.setField('newPassword', event.target.value);
              }}
            />
            <Button type="submit" pending={form.submitting} className="mt-2 w-full">
              {form.submitting ? 'Saving…' : 'Save the new password'}
            </Button>
          </form>
          <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
            <Link
              to="signIn"
              className="font-medium text-indigo-700 underline dark:text-indigo-300"
            >
              Back to sign in
            </Link>
          </p>
        </>
      )}
    </AuthLayout>
  );
}
