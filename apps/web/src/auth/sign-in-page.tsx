import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';

import { fieldErrors, type FieldErrors } from '@tasklane/api/client';

import { errorMessage } from '../trpc/error-message';
import { useServices, useSession } from '../app-providers';
import { Link, navigate } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { TextField } from '../ui/text-field';
import { AuthLayout } from './auth-layout';
import { loadValidators } from '../validation/load-validators';
import { withoutField } from './field-errors';

export function SignInPage() {
  const trpc = useTRPC();
  const { session } = useServices();
  const state = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const notice = state.status === 'signed-out' ? state.message : null;

  const submit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const values = { email, password };
    const checked = (await loadValidators())?.validateSignIn(values) ?? { ok: true, value: values };
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    signIn.mutate(checked.value, {
      onSuccess: (result) => {
        session.signIn(result);
        navigate('tasks', { replace: true });
      },
      onError: (error) => {
        setErrors(fieldErrors(error));
        setFailure(errorMessage(error));
      },
    });
  };

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
      <form noValidate onSubmit={(event) => void submit(event)} className="flex flex-col gap-4">
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={email}
          errors={errors.email}
          onChange={(event) => {
            setEmail(event.target.value);
            setErrors((current) => withoutField(current, 'email'));
          }}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          errors={errors.password}
          onChange={(event) => {
            setPassword(event.target.value);
            setErrors((current) => withoutField(current, 'password'));
          }}
        />
        <Button type="submit" pending={signIn.isPending} className="mt-2 w-full">
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        New to Tasklane?{' '}
        <Link to="signUp" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Create an account
        </Link>
      </p>
    </AuthLayout>
  );
}
