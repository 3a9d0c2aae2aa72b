// The zone due dates are shown, read and grouped in: the account's (`User.timeZone`, which the
// server's "today", "overdue" and "this week" use too), not the browser's, so a person whose
// laptop is in another zone still sees and types times as their account keeps them.
import { useSession } from '../app-providers';

/** This browser's IANA zone: only proposed for the account (time-zone-prompt.tsx). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The signed-in account's zone; the browser's while no one is signed in. */
export function useAccountTimeZone(): string {
  const state = useSession();
  return state.status === 'signed-in' ? state.user.timeZone : browserTimeZone();
}
