// Device login from a program (RFC 8628): start, let the caller show the code, poll until the
// person approves or denies in a browser. The session it gives back continues with
// `createTasklaneClient({ credentials: { refreshToken, cachedAccessToken } })`.
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';

import { DEVICE_SLOW_DOWN_SECONDS } from '../contract/device-rules';
import { trpcEndpoint } from './create-tasklane-client';
import type { AppRouter, AuthSession, RouterOutputs } from './router-types';

/** What `auth.deviceStart` answers: the code to show and where to enter it. */
export type DeviceCode = RouterOutputs['auth']['deviceStart'];

export interface DeviceLoginOptions {
  /** The server's base URL. */
  url: string | URL;
  /** Shown to the person approving and in their session list ("Tasklane CLI on build-box"). */
  clientName: string;
  /** Called once with the code, before the first poll: show `userCode` and `verificationUri`. */
  onCode: (code: DeviceCode) => void | Promise<void>;
  headers?: Readonly<Record<string, string>>;
  fetch?: typeof globalThis.fetch;
  /** Waits between polls (default: a timer). */
  wait?: (ms: number) => Promise<void>;
}

/** The person denied the device, or the code expired before they approved it. */
export class DeviceLoginError extends Error {
  override readonly name = 'DeviceLoginError';
  constructor(readonly reason: 'denied' | 'expired') {
    super(
      reason === 'denied'
        ? 'The sign-in was denied in the browser.'
        : 'The code expired before it was approved.',
    );
  }
}

const timer = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Runs a device login to its end: the approved session (with its refresh token), or a
 * DeviceLoginError. Polls no faster than the server's interval and slows down when told to.
 */
export async function deviceLogin(
  options: DeviceLoginOptions,
): Promise<AuthSession & { refreshToken: string }> {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: trpcEndpoint(options.url),
        transformer: superjson,
        headers: options.headers ?? {},
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      }),
    ],
  });
  const wait = options.wait ?? timer;
  const code = await client.auth.deviceStart.mutate({ clientName: options.clientName });
  await options.onCode(code);
  let intervalSeconds = code.interval;
  for (;;) {
    await wait(intervalSeconds * 1000);
    const answer = await client.auth.devicePoll.mutate({ deviceCode: code.deviceCode });
    switch (answer.status) {
      case 'approved': {
        const { refreshToken } = answer.session;
        if (refreshToken === undefined)
          throw new Error('The approved session has no refresh token');
        return { ...answer.session, refreshToken };
      }
      case 'pending':
        break;
      case 'slow_down':
        intervalSeconds += DEVICE_SLOW_DOWN_SECONDS;
        break;
      case 'denied':
      case 'expired':
        throw new DeviceLoginError(answer.status);
    }
  }
}
