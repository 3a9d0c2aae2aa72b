import { useMutation } from '@tanstack/react-query';

import { PASSWORD_MIN_LENGTH } from '@tasklane/api/contract';

import { useServices } from '../app-providers';
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

type Field = 'name' | 'email' | 'password';

export function SignUpPage() {
  const trpc = useTRPC();
  const { session } = useServices();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  // Field errors are shown beside their fields; anything else goes on top of the form.
  const form = useForm({
    initial: { name: '', email: '', password: '' },
    validate: async (values) =>
      (await loadValidators())?.validateSignUp(values) ?? { ok: true, value: values },
    send: async (checked) => {
      session.signIn(await signUp.mutateAsync(checked));
      navigateAfterSignIn();
    },
  });
  const { values, errors } = form;
  const failure =
    form.failure === null
      ? null
      : { message: form.failure, emailTaken: form.failureCode === 'CONFLICT' };

  const change = (field: Field) => (event: { target: { value: string } }) => {
    form.setField(field, event.target.value);
  };

  return (
    <AuthLayout title="Create your account">
      {failure !== null && (
        <Alert tone="error" className="mb-4">
          {failure.message}
          {failure.emailTaken && (
            <>
              {' '}
              <Link to="signIn" className="font-semibold underline">
                Sign in instead
              </Link>
            </>
          )}
        </Alert>
      )}
      <form noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={values.name}
          errors={errors.name}
          onChange={change('name')}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.email}
          errors={errors.email}
          onChange={change('email')}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A phrase of a few words works well.`}
          value={values.password}
          errors={errors.password}
          onChange={change('password')}
        />
        <Button type="submit" pending={form.submitting} className="mt-2 w-full">
          {form.submitting ? 'Creating account…' : 'Create account'}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        Already have an account?{' '}
        <Link to="signIn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Sign in
        </Link>
      </p>
    </AuthLayout>
  );
}
