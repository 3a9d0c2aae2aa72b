import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { PASSWORD_MIN_LENGTH } from '@tasklane/api/contract';

import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { useForm } from '../ui/use-form';
import { loadValidators } from '../validation/load-validators';
import { Section } from './section';

export function ChangePasswordSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [success, setSuccess] = useState<string | null>(null);
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const form = useForm({
    initial: { currentPassword: '', newPassword: '' },
    validate: async (values) => {
      setSuccess(null);
      return (
        (await loadValidators())?.validateChangePassword(values) ?? { ok: true, value: values }
      );
    },
    send: async (checked) => {
      await change.mutateAsync(checked);
      form.reset();
      setSuccess('Password changed. Your other devices have been signed out.');
      void queryClient.invalidateQueries(trpc.auth.sessions.queryFilter());
    },
  });
  const outcome =
    form.failure !== null
      ? { tone: 'error' as const, text: form.failure }
      : success !== null
        ? { tone: 'success' as const, text: success }
        : null;

  return (
    <Section
      title="Change password"
      description="Changing your password signs out every other device."
    >
      {outcome !== null && (
        <Alert tone={outcome.tone} className="mb-4">
          {outcome.text}
        </Alert>
      )}
      <form noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        {/* Lets password managers file the change under the right account. */}
        <PasswordField
          label="Current password"
          name="current-password"
          autoComplete="current-password"
          value={form.values.currentPassword}
          errors={form.errors.currentPassword}
          onChange={(event) => {
            form.setField('currentPassword', event.target.value);
          }}
        />
        <PasswordField
          label="New password"
          name="new-password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          value={form.values.newPassword}
          errors={form.errors.newPassword}
          onChange={(event) => {
            form.setField('newPassword', event.target.value);
          }}
        />
        <Button type="submit" pending={form.submitting} className="self-start">
          {form.submitting ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Section>
  );
}
