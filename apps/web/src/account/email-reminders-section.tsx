// Whether reminders are also mailed (auth.updateProfile({ emailReminders }), off by default).
// A checkbox that saves at once: there is nothing else to fill in, so no Save button to forget.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import type { User } from '@tasklane/api/client';

import { useServices } from '../app-providers';
import { errorMessage } from '../trpc/error-message';
import { useTRPC, useTRPCClient } from '../trpc/trpc';
import { cx, focusRing } from '../ui/class-names';
import { Section } from './section';

export function EmailRemindersSection({ user }: { user: User | null }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { session } = useServices();
  const checkboxId = useId();
  const [saving, setSaving] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const checked = saving ?? user?.emailReminders ?? false;

  const change = async (emailReminders: boolean): Promise<void> => {
    setSaving(emailReminders);
    setError(null);
    try {
      const updated = await client.auth.updateProfile.mutate({ emailReminders });
      session.setUser(updated);
      queryClient.setQueryData(trpc.auth.me.queryKey(), updated);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(null);
    }
  };

  return (
    <Section title="Reminders">
      <div className="flex items-start gap-3">
        <input
          id={checkboxId}
          type="checkbox"
          checked={checked}
          // Busy while saving, not `disabled`: a disabled control drops the keyboard focus.
          disabled={user === null}
          aria-disabled={saving !== null}
          onChange={(event) => {
            if (saving === null) void change(event.target.checked);
          }}
          className={cx('mt-1 size-5 shrink-0 accent-indigo-600', focusRing)}
        />
        <label htmlFor={checkboxId} className="text-sm">
          <span className="font-medium">Email me my reminders</span>
          <span className="block text-slate-600 dark:text-slate-400">
            Also sent to {user?.email ?? 'your address'}, as well as shown in the app.
          </span>
        </label>
      </div>
      {error !== null && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </Section>
  );
}
