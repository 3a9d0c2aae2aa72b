import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import { useServices } from '../app-providers';
import { navigate } from '../router/router';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { useForm } from '../ui/use-form';
import { loadValidators } from '../validation/load-validators';
import { Section } from './section';

export function DeleteAccountSection() {
  const trpc = useTRPC();
  const { session } = useServices();
  const [open, setOpen] = useState(false);
  const remove = useMutation(trpc.auth.deleteAccount.mutationOptions());
  const form = useForm({
    initial: { password: '' },
    validate: async (values) =>
      (await loadValidators())?.validateDeleteAccount(values) ?? { ok: true, value: values },
    send: async (checked) => {
      await remove.mutateAsync(checked);
      session.signOut('Your account and all its tasks have been deleted.');
      navigate('signIn', { replace: true });
    },
  });

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
        <form noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
          {form.failure !== null && <Alert tone="error">{form.failure}</Alert>}
          <PasswordField
            label="Your password"
            name="password"
            autoComplete="current-password"
            hint="Enter your password to confirm."
            value={form.values.password}
            errors={form.errors.password}
            onChange={(event) => {
              form.setField('password', event.target.value);
            }}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={form.submitting}>
              Delete my account permanently
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setOpen(false);
                form.reset();
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
