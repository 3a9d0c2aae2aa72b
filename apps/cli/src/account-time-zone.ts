// The zone the CLI reads and shows due dates in: the account's (`User.timeZone`), as the web app
// and the server's "today" and "overdue" do, so a laptop in another zone changes nothing.
import type { TasklaneClient } from '@tasklane/api/client';

/** This machine's IANA zone (TZ, else the system's). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The signed-in account's zone, asked of the server each time (it changes in the web app, so a
 * copy saved at login would go stale). This machine's zone only when the answer cannot tell: a
 * server without `User.timeZone`, or a zone this runtime does not know.
 */
export async function accountTimeZone(client: TasklaneClient): Promise<string> {
  const user: { timeZone?: unknown } = await client.auth.me.query();
  const { timeZone } = user;
  return typeof timeZone === 'string' && isKnownZone(timeZone) ? timeZone : machineTimeZone();
}
