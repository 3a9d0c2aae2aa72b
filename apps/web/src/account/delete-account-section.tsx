import { useMutation } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';

import { fieldErrors, type FieldErrors } from '@tasklane/api/client';

import { errorMessage } from '../trpc/error-message';
import { useServices } from '../app-providers';
import { navigate } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { loadValidators } from '../validation/load-validators';
import { Section } from './section';

export function DeleteAccountSection() {
  const trpc = useTRPC();
  const { session } = useServices();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const remove = useMutation(trpc.auth.deleteAccount.mutationOptions());

  const submit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const values = { password };
    const checked = (await loadValidators())?.validateDeleteAccount(values) ?? {
      ok: true,
      value: values,
    };
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    remove.mutate(checked.value, {
      onSuccess: () => {
        session.signOut('Your account and all its tasks have been deleted.');
        navigate('signIn', { replace: true });
      },
      onError: (error) => {
        const serverErrors = fieldErrors(error);
        setErrors(serverErrors);
        if (Object.keys(serverErrors).length === 0) setFailure(errorMessage(error));
      },
    });
  };

  return (
    <Section
      title="Delete account"
      description="Deletes your account, every task and every session. This cannot be undone."
    >
      {!open ? (
        <Button
          variant="secondary"
          className="self-start text-red-700 dark:text-red-400"
          onClick={() => {
            setOpen(true);
          }}
        >
          Delete account…
        </Button>
      ) : (
        <form noValidate onSubmit={(event) => void submit(event)} className="flex flex-col gap-4">
          {failure !== null && <Alert tone="error">{failure}</Alert>}
          <PasswordField
            label="Your password"
            name="password"
            autoComplete="current-password"
            hint="Enter your password to confirm."
            value={password}
            errors={errors.password}
            onChange={(event) => {
              setPassword(event.target.value);
              setErrors({});
            }}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={remove.isPending}>
              Delete my account permanently
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setOpen(false);
                setPassword('');
                setErrors({});
                setFailure(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}
