import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';

import { useSession } from '../app-providers';
import { useNow } from '../tasks/use-now';
import { useTRPC } from '../trpc/trpc';
import { ApiKeysSection } from './api-keys-section';
import { ChangeEmailSection } from './change-email-section';
import { ChangePasswordSection } from './change-password-section';
import { DeleteAccountSection } from './delete-account-section';
import { EmailRemindersSection } from './email-reminders-section';
import { Section } from './section';
import { SessionsSection } from './sessions-section';

export function AccountPage() {
  const trpc = useTRPC();
  const state = useSession();
  const now = useNow();
  const me = useQuery(trpc.auth.me.queryOptions());
  const user = me.data ?? (state.status === 'signed-in' ? state.user : null);

  useEffect(() => {
    document.title = 'Account · Tasklane';
  }, []);

  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      <Section title="Profile">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="font-medium text-slate-600 dark:text-slate-400">Name</dt>
          <dd className="break-words">{user?.name}</dd>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Email</dt>
          <dd className="break-all">
            <span>{user?.email}</span>
            {user !== null && (
              <span
                className={
                  user.emailVerified
                    ? 'ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100'
                    : 'ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-900 dark:text-amber-50'
                }
              >
                {user.emailVerified ? 'Confirmed' : 'Not confirmed'}
              </span>
            )}
          </dd>
          {user !== null && (
            <>
              <dt className="font-medium text-slate-600 dark:text-slate-400">Member since</dt>
              <dd>{user.createdAt.toLocaleDateString()}</dd>
            </>
          )}
        </dl>
      </Section>
      <EmailRemindersSection user={user} />
      <SessionsSection now={now} />
      <ApiKeysSection now={now} />
      <ChangeEmailSection />
      <ChangePasswordSection />
      <DeleteAccountSection />
    </div>
  );
}
