// Proposes the browser's time zone once when the account's differs (a new account starts in UTC):
// the Upcoming days, "today" and "this week" are calendar days in the account's zone.
import { useState } from 'react';

import { useServices, useSession } from '../app-providers';
import { browserTimeZone } from '../tasks/account-time-zone';
import { errorMessage } from '../trpc/error-message';
import { useTRPCClient } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

const ANSWERED_KEY = 'tasklane:time-zone-proposed';

export function TimeZonePrompt() {
  const state = useSession();
  const { session } = useServices();
  const client = useTRPCClient();
  const [answered, setAnswered] = useState(
    () => window.localStorage.getItem(ANSWERED_KEY) !== null,
  );
  const [error, setError] = useState<string | null>(null);
  if (state.status !== 'signed-in' || answered) return null;
  const proposed = browserTimeZone();
  if (state.user.timeZone === proposed) return null;

  const answer = (): void => {
    window.localStorage.setItem(ANSWERED_KEY, proposed);
    setAnswered(true);
  };
  const accept = async (): Promise<void> => {
    try {
      session.setUser(await client.auth.updateProfile.mutate({ timeZone: proposed }));
      answer();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Alert tone="info">
      <p>
        Your account’s time zone is {state.user.timeZone}; this browser is in {proposed}. Due dates
        and Upcoming use your account’s zone.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="sm" onClick={() => void accept()}>
          Use {proposed}
        </Button>
        <Button size="sm" variant="secondary" onClick={answer}>
          Keep {state.user.timeZone}
        </Button>
      </div>
      {error !== null && <p className="mt-2">{error}</p>}
    </Alert>
  );
}
