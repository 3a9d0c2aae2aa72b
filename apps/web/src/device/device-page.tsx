// The device login approval page (RFC 8628's verification URI): the signed-in person types the
// code their device shows, or arrives with it from `?code=`, sees which client asks and when,
// and approves or denies it. A code that matches nothing counts against a limit on the server,
// so the page looks a code up only when the person asks (or once, for a code in the link).
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type SubmitEvent } from 'react';

import { formatUserCode, isUserCodeShape, normalizeUserCode } from '@tasklane/api/contract';

import { useSession } from '../app-providers';
import { useLinkOnce } from '../auth/use-link-once';
import { errorMessage } from '../trpc/error-message';
import { useTRPCClient } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { TextField } from '../ui/text-field';

export const CODE_SHAPE_MESSAGE = 'Enter the 8-letter code your device shows, like WDJB-MJHT.';

interface PendingDevice {
  userCode: string;
  clientName: string;
  createdAt: Date;
}

type Outcome = { decision: 'approved' | 'denied'; clientName: string };

/** The `code` of `/device?code=WDJB-MJHT`, or null. */
function codeFromLink(): string | null {
  const code = new URLSearchParams(window.location.search).get('code');
  return code === null || code.trim() === '' ? null : code;
}

export function DevicePage() {
  const client = useTRPCClient();
  const state = useSession();
  const [linkCode] = useState(codeFromLink);
  useEffect(() => {
    // Read once: the code leaves the address bar, so it is not left in history or a bookmark.
    if (window.location.search !== '') {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, []);
  const [typed, setTyped] = useState(linkCode ?? '');
  const [shapeError, setShapeError] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingDevice | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    document.title = 'Connect a device · Tasklane';
  }, []);

  const lookup = useMutation({
    mutationFn: async (userCode: string): Promise<PendingDevice> => {
      const found = await client.auth.deviceLookup.mutate({ userCode });
      return { userCode, clientName: found.clientName, createdAt: found.createdAt };
    },
    onSuccess: setPending,
  });
  const decide = useMutation({
    mutationFn: async (input: { userCode: string; approve: boolean }): Promise<Outcome> => {
      const call = input.approve ? client.auth.deviceApprove : client.auth.deviceDeny;
      const { clientName } = await call.mutate({ userCode: input.userCode });
      return { decision: input.approve ? 'approved' : 'denied', clientName };
    },
    onSuccess: (result) => {
      setPending(null);
      setOutcome(result);
    },
  });
  const { mutate: lookUp } = lookup;
  const shapedLinkCode = linkCode !== null && isUserCodeShape(normalizeUserCode(linkCode));
  useLinkOnce(shapedLinkCode ? linkCode : null, (code) => {
    lookUp(formatUserCode(code));
  });

  const submit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const normalized = normalizeUserCode(typed);
    if (!isUserCodeShape(normalized)) {
      setShapeError(CODE_SHAPE_MESSAGE);
      return;
    }
    lookup.mutate(formatUserCode(normalized));
  };

  const startOver = (): void => {
    setOutcome(null);
    setPending(null);
    setTyped('');
    lookup.reset();
    decide.reset();
  };

  const who = state.status === 'signed-in' ? state.user : null;

  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-5">
      <h1 className="text-2xl font-semibold tracking-tight">Connect a device</h1>
      <section className="flex flex-col gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {outcome !== null ? (
          <>
            {outcome.decision === 'approved' ? (
              <Alert tone="success">
                <strong className="break-words">{outcome.clientName}</strong> is signed in to your
                account. You can go back to it now.
              </Alert>
            ) : (
              <Alert tone="info">
                Denied: <strong className="break-words">{outcome.clientName}</strong> was not signed
                in.
              </Alert>
            )}
            <Button variant="secondary" className="self-start" onClick={startOver}>
              Connect another device
            </Button>
          </>
        ) : pending !== null ? (
          <>
            <p>
              <strong className="break-words">{pending.clientName}</strong> asks to sign in to your
              account{who === null ? '' : ` (${who.email})`}.
            </p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="font-medium text-slate-600 dark:text-slate-400">Code</dt>
              <dd className="font-mono tracking-widest">{pending.userCode}</dd>
              <dt className="font-medium text-slate-600 dark:text-slate-400">Requested</dt>
              <dd>
                <time dateTime={pending.createdAt.toISOString()}>
                  {pending.createdAt.toLocaleString()}
                </time>
              </dd>
            </dl>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Approve only if you started this yourself and the code matches the one your device
              shows. The device can then do anything you can, until you revoke it under Account.
            </p>
            {decide.isError && <Alert tone="error">{errorMessage(decide.error)}</Alert>}
            <div className="flex flex-wrap gap-2">
              <Button
                pending={decide.isPending && decide.variables.approve}
                disabled={decide.isPending}
                onClick={() => {
                  decide.mutate({ userCode: pending.userCode, approve: true });
                }}
              >
                Approve
              </Button>
              <Button
                variant="secondary"
                pending={decide.isPending && !decide.variables.approve}
                disabled={decide.isPending}
                onClick={() => {
                  decide.mutate({ userCode: pending.userCode, approve: false });
                }}
              >
                Deny
              </Button>
            </div>
          </>
        ) : (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Enter the code shown by the device or command line you are signing in with.
            </p>
            {lookup.isError && <Alert tone="error">{errorMessage(lookup.error)}</Alert>}
            <form noValidate onSubmit={submit} className="flex flex-col gap-4">
              <TextField
                label="Code"
                name="code"
                autoComplete="one-time-code"
                autoCapitalize="characters"
                spellCheck={false}
                placeholder="WDJB-MJHT"
                required
                value={typed}
                errors={shapeError === null ? undefined : [shapeError]}
                onChange={(event) => {
                  setTyped(event.target.value);
                  setShapeError(null);
                }}
              />
              <Button type="submit" pending={lookup.isPending} className="self-start">
                {lookup.isPending ? 'Checking…' : 'Continue'}
              </Button>
            </form>
          </>
        )}
      </section>
    </div>
  );
}
