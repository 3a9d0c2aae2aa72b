// The shared session link with the browser's strategy (the refresh cookie under a lock), on the
// real router in process: the app's own HTTP links, a cookie jar for the HttpOnly refresh cookie.
// The same link with the Node strategy (a refresh token in the body) is tested in the api package.
import { describe, expect, it } from 'vitest';

import { createTasklaneClient, errorCode } from '@tasklane/api/client';

import { createAppServices, SESSION_ENDED_MESSAGE, type AppServices } from '../app-services';
import { inProcessApi } from '../test/render-app';

const PASSWORD = 'a long and unusual passphrase 7';
const api = inProcessApi();

interface Browser {
  services: AppServices;
  email: string;
  /** How many refreshes ran under the cross-tab lock. */
  locked: () => number;
}

/** A page with its own services, counting the refreshes run under its cross-tab lock. */
function browser(email: string): Browser {
  let locked = 0;
  const services = createAppServices({
    fetch: api().fetch,
    withLock: (task) => {
      locked += 1;
      return task();
    },
  });
  return { services, email, locked: () => locked };
}

/** Signed in through the page as a person would (the cookie is set), then the token goes stale. */
async function staleSession(): Promise<Browser> {
  const { email } = await api().registeredUser(PASSWORD);
  const page = browser(email);
  const issued = await page.services.client.auth.signIn.mutate({ email, password: PASSWORD });
  page.services.session.signIn({ ...issued, accessToken: 'a-stale-token' });
  api().calls.splice(0);
  return page;
}

/** Ends a session on the server with its access token, as another tab or device would. */
async function revoke(accessToken: string): Promise<void> {
  const other = createTasklaneClient({
    url: api().origin,
    credentials: { accessToken: () => accessToken },
    fetch: api().fetch,
  });
  await other.auth.signOut.mutate();
}

describe('the session link in the browser', () => {
  it('refreshes once on UNAUTHORIZED, under the lock, and retries the request', async () => {
    const { services, email, locked } = await staleSession();
    const user = await services.client.auth.me.query();
    expect(user.email).toBe(email);
    expect(api().callsTo('auth.me')).toHaveLength(2);
    expect(api().callsTo('auth.refresh')).toHaveLength(1);
    expect(locked()).toBe(1);
    expect(services.session.getState().status).toBe('signed-in');
    expect(services.session.accessToken()).not.toBe('a-stale-token');
  });

  it('shares one refresh among requests that fail together', async () => {
    const { services } = await staleSession();
    await Promise.all([
      services.client.auth.me.query(),
      services.client.tasks.stats.query(),
      services.client.tasks.list.query({}),
    ]);
    // Refresh tokens rotate and a replayed one revokes the session: never two at once.
    expect(api().callsTo('auth.refresh')).toHaveLength(1);
  });

  it('signs out with a message when the refresh is refused, without looping', async () => {
    const { services } = await staleSession();
    // The cookie is gone (signed out in another tab): the refresh has nothing to renew.
    const { email } = await api().registeredUser(PASSWORD);
    const other = browser(email);
    await other.services.client.auth.signIn.mutate({ email, password: PASSWORD });
    await other.services.client.auth.signOut.mutate();
    api().calls.splice(0);

    const error = await services.client.auth.me.query().catch((caught: unknown) => caught);
    expect(errorCode(error)).toBe('UNAUTHORIZED');
    expect(api().callsTo('auth.me')).toHaveLength(1);
    expect(api().callsTo('auth.refresh')).toHaveLength(1);
    expect(services.session.getState()).toEqual({
      status: 'signed-out',
      message: SESSION_ENDED_MESSAGE,
    });
  });

  it('retries only once: a second UNAUTHORIZED after a refresh signs out', async () => {
    const { services } = await staleSession();
    // The refreshed token is revoked (another device ends the session) before the retry lands.
    let revoked: Promise<void> | undefined;
    services.session.subscribe(() => {
      const token = services.session.accessToken();
      if (revoked !== undefined || token === null) return;
      const release = api().hold('auth.me');
      revoked = revoke(token).finally(release);
    });
    const error = await services.client.auth.me.query().catch((caught: unknown) => caught);
    expect(errorCode(error)).toBe('UNAUTHORIZED');
    expect(api().callsTo('auth.me')).toHaveLength(2);
    expect(api().callsTo('auth.refresh')).toHaveLength(1);
    expect(services.session.getState()).toEqual({
      status: 'signed-out',
      message: SESSION_ENDED_MESSAGE,
    });
  });

  it('keeps the session when the refresh fails for a network reason', async () => {
    const { services } = await staleSession();
    api().dropNext('auth.refresh');
    await expect(services.client.auth.me.query()).rejects.toThrow();
    expect(services.session.getState().status).toBe('signed-in');
    // The next call refreshes and goes through.
    await services.client.auth.me.query();
    expect(api().callsTo('auth.refresh')).toHaveLength(1);
  });

  it('does not touch sign-in errors: a wrong password is not an expired session', async () => {
    const { services, email } = await staleSession();
    const error = await services.client.auth.signIn
      .mutate({ email, password: 'not the password at all' })
      .catch((caught: unknown) => caught);
    expect(errorCode(error)).toBe('UNAUTHORIZED');
    expect(api().callsTo('auth.refresh')).toHaveLength(0);
  });
});

describe('restoring the session on page load', () => {
  it('signs in from the refresh cookie', async () => {
    const { email } = await staleSession();
    const reloaded = browser(email);
    await reloaded.services.restoreSession();
    expect(reloaded.services.session.getState()).toMatchObject({
      status: 'signed-in',
      user: { email },
    });
  });

  it('shows the sign-in screen without a message when there is no session', async () => {
    const { services, email } = await staleSession();
    await services.client.auth.signOut.mutate();
    const reloaded = browser(email);
    await reloaded.services.restoreSession();
    expect(reloaded.services.session.getState()).toEqual({ status: 'signed-out', message: null });
  });

  it('clears every cached query when the session ends', async () => {
    const { services } = await staleSession();
    services.queryClient.setQueryData(['anything'], { secret: 'first user data' });
    services.session.signOut();
    expect(services.queryClient.getQueryData(['anything'])).toBeUndefined();
  });
});
