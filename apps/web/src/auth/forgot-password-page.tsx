import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import { Link } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { TextField } from '../ui/text-field';
import { useForm } from '../ui/use-form';
import { loadValidators } from '../validation/load-validators';
import { AuthLayout } from './auth-layout';

/** The server answers the same whether or not the address has an account, and so does this page. */
export const RESET_SENT_MESSAGE =
  'If an account exists for that address, we sent a link to choose a new password. It works for one hour.';

export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const form = useForm({
    initial: { email: '' },
    validate: async (values) =>
      (await loadValidators())?.validateRequestPasswordReset(values) ?? {
        ok: true,
        value: values,
      },
    send: async (checked) => {
      await request.mutateAsync(checked);
      setSentTo(checked.email);
    },
  });

  return (
    <AuthLayout title="Forgot your password?">
      {sentTo === null ? (
        <>
          {form.failure !== null && (
            <Alert tone="error" className="mb-4">
              {form.failure}
            </Alert>
          )}
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Enter the email address of your account, and we will send you a link to choose a new
            password.
          </p>
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
            <Button type="submit" pending={form.submitting} className="mt-2 w-full">
              {form.submitting ? 'Sending…' : 'Send the link'}
            </Button>
          </form>
        </>
      ) : (
        <Alert tone="success">
          <p>{RESET_SENT_MESSAGE}</p>
          <p className="mt-2">
            Nothing after a few minutes? Check your spam folder, or{' '}
            <button
              type="button"
              className="font-semibold underline"
              onClick={() => {
                setSentTo(null);
              }}
            >
              try another address
            </button>
            .
          </p>
        </Alert>
      )}
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        Remembered it?{' '}
        <Link to="signIn" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Back to sign in
        </Link>
      </p>
    </AuthLayout>
  );
}
