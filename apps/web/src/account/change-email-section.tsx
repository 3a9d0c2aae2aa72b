import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { TextField } from '../ui/text-field';
import { useForm } from '../ui/use-form';
import { loadValidators } from '../validation/load-validators';
import { Section } from './section';

export function ChangeEmailSection() {
  const trpc = useTRPC();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useMutation(trpc.auth.requestEmailChange.mutationOptions());
  const form = useForm({
    initial: { newEmail: '', password: '' },
    validate: async (values) => {
      setSentTo(null);
      return (
        (await loadValidators())?.validateRequestEmailChange(values) ?? { ok: true, value: values }
      );
    },
    send: async (checked) => {
      await request.mutateAsync(checked);
      form.reset();
      setSentTo(checked.newEmail);
    },
  });

  return (
    <Section
      title="Change email"
      description="We send a link to the new address; your email changes once you follow it, and your other devices are signed out."
    >
      {form.failure !== null ? (
        <Alert tone="error" className="mb-4">
          {form.failure}
        </Alert>
      ) : (
        sentTo !== null && (
          <Alert tone="success" className="mb-4">
            Check your inbox at <span className="break-all">{sentTo}</span> and follow the link we
            sent. It works for 24 hours.
          </Alert>
        )
      )}
      <form noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        <TextField
          label="New email"
          type="email"
          name="new-email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={form.values.newEmail}
          errors={form.errors.newEmail}
          onChange={(event) => {
            form.setField('newEmail', event.target.value);
          }}
        />
        <PasswordField
          label="Password"
          name="email-change-password"
          autoComplete="current-password"
          value={form.values.password}
          errors={form.errors.password}
          onChange={(event) => {
            form.setField('password', event.target.value);
          }}
        />
        <Button type="submit" pending={form.submitting} className="self-start">
          {form.submitting ? 'Sending…' : 'Send the link'}
        </Button>
      </form>
    </Section>
  );
}
