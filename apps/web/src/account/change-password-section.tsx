import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';

import { PASSWORD_MIN_LENGTH } from '@tasklane/api/contract';

import { fieldErrors, type FieldErrors } from '@tasklane/api/client';

import { errorMessage } from '../trpc/error-message';
import { withoutField } from '../auth/field-errors';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PasswordField } from '../ui/password-field';
import { loadValidators } from '../validation/load-validators';
import { Section } from './section';

export function ChangePasswordSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const change = useMutation(trpc.auth.changePassword.mutationOptions());

  const submit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setOutcome(null);
    const values = { currentPassword, newPassword };
    const checked = (await loadValidators())?.validateChangePassword(values) ?? {
      ok: true,
      value: values,
    };
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    change.mutate(checked.value, {
      onSuccess: () => {
        setCurrentPassword('');
        setNewPassword('');
        setOutcome({
          tone: 'success',
          text: 'Password changed. Your other devices have been signed out.',
        });
        void queryClient.invalidateQueries(trpc.auth.sessions.queryFilter());
      },
      onError: (error) => {
        const serverErrors = fieldErrors(error);
        setErrors(serverErrors);
        if (Object.keys(serverErrors).length === 0) {
          setOutcome({ tone: 'error', text: errorMessage(error) });
        }
      },
    });
  };

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
      <form noValidate onSubmit={(event) => void submit(event)} className="flex flex-col gap-4">
        {/* Lets password managers file the change under the right account. */}
        <PasswordField
          label="Current password"
          name="current-password"
          autoComplete="current-password"
          value={currentPassword}
          errors={errors.currentPassword}
          onChange={(event) => {
            setCurrentPassword(event.target.value);
            setErrors((current) => withoutField(current, 'currentPassword'));
          }}
        />
        <PasswordField
          label="New password"
          name="new-password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          value={newPassword}
          errors={errors.newPassword}
          onChange={(event) => {
            setNewPassword(event.target.value);
            setErrors((current) => withoutField(current, 'newPassword'));
          }}
        />
        <Button type="submit" pending={change.isPending} className="self-start">
          {change.isPending ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Section>
  );
}
