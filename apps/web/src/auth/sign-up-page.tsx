import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';

import { PASSWORD_MIN_LENGTH } from '@tasklane/api/contract';

import { errorCode, fieldErrors, type FieldErrors } from '@tasklane/api/client';

import { errorMessage } from '../trpc/error-message';
import { useServices } from '../app-providers';
import { Link, navigate } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { TextField } from '../ui/text-field';
import { AuthLayout } from './auth-layout';
import { loadValidators } from '../validation/load-validators';
import { withoutField } from './field-errors';

type Field = 'name' | 'email' | 'password';

export function SignUpPage() {
  const trpc = useTRPC();
  const { session } = useServices();
  const [values, setValues] = useState<Record<Field, string>>({
    name: '',
    email: '',
    password: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; emailTaken: boolean } | null>(null);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  const change = (field: Field) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    setErrors((current) => withoutField(current, field));
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const checked = (await loadValidators())?.validateSignUp(values) ?? { ok: true, value: values };
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    signUp.mutate(checked.value, {
      onSuccess: (result) => {
        session.signIn(result);
        navigate('tasks', { replace: true });
      },
      onError: (error) => {
        const serverErrors = fieldErrors(error);
        setErrors(serverErrors);
        // Field errors are shown beside their fields; anything else goes on top of the form.
        if (Object.keys(serverErrors).length === 0) {
          setFailure({ message: errorMessage(error), emailTaken: errorCode(error) === 'CONFLICT' });
        }
      },
    });
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
      <form noValidate onSubmit={(event) => void submit(event)} className="flex flex-col gap-4">
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
        <Button type="submit" pending={signUp.isPending} className="mt-2 w-full">
          {signUp.isPending ? 'Creating account…' : 'Create account'}
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
