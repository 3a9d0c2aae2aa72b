import { useMutation } from '@tanstack/react-query';

import { useServices, useSession } from '../app-providers';
import { navigateAfterSignIn } from '../router/return-to';
import { Link } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { TextField } from '../ui/text-field';
import { useForm } from '../ui/use-form';
import { AuthLayout } from './auth-layout';
import { loadValidators } from '../validation/load-validators';

export function SignInPage() {
  const trpc = useTRPC();
  const { session } = useServices();
  const state = useSession();
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const form = useForm({
    initial: { email: '', password: '' },
    validate: async (values) =>
      (await loadValidators())?.validateSignIn(values) ?? { ok: true, value: values },
    send: async (checked) => {
      session.signIn(await signIn.mutateAsync(checked));
      navigateAfterSignIn();
    },
    failureWithFieldErrors: true,
  });
  const failure = form.failure;
  const notice = state.status === 'signed-out' ? state.message : null;

  return (
    <AuthLayout title="Sign in">
      {notice !== null && failure === null && (
        <Alert tone="info" className="mb-4">
          {notice}
        </Alert>
      )}
      {failure !== null && (
        <Alert tone="error" className="mb-4">
          {failure}
        </Alert>
      )}
      <form noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={form.values.email}
          errors={form.errors.email}
          onChange={(event) => {
            form.setField('email', event.target.value);
          }}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={form.values.password}
          errors={form.errors.password}
          onChange={(event) => {
            form.setField('password', event.target.value);
          }}
        />
        <Button type="submit" pending={form.submitting} className="mt-2 w-full">
          {form.submitting ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="mt-4 text-center text-sm">
        <Link
          to="forgotPassword"
          className="font-medium text-indigo-700 underline dark:text-indigo-300"
        >
          Forgot password?
        </Link>
      </p>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        New to Tasklane?{' '}
        <Link to="signUp" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Create an account
        </Link>
      </p>
    </AuthLayout>
  );
}
