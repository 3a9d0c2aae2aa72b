import { describe, expect, it } from 'vitest';

import { apiError, authSession, fakeApi, testServices, type Handler } from '../test/fake-api';
import { SESSION_ENDED_MESSAGE } from './session-refresher';

/** A protected procedure whose every answer is UNAUTHORIZED (a revoked session). */
const alwaysUnauthorized: Handler = () => {
  throw apiError('UNAUTHORIZED', 'Please sign in again.');
};

function setup(handlers: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi(handlers);
  const services = testServices(api);
  services.session.signIn(authSession('expired-token'));
  return { api, services };
}

describe('the auth link', () => {
  it('refreshes once on UNAUTHORIZED and retries the request with the new token', async () => {
    const seenTokens: (string | null)[] = [];
    const { api, services } = setup({
      'auth.me': () => {
        const token = services.session.accessToken();
        seenTokens.push(token);
        if (token !== 'fresh-token') throw apiError('UNAUTHORIZED', 'Please sign in again.');
        return authSession().user;
      },
      'auth.refresh': () => authSession('fresh-token'),
    });
    const user = await services.client.auth.me.query();
    expect(user.email).toBe('ada@example.com');
    expect(seenTokens).toEqual(['expired-token', 'fresh-token']);
    expect(api.callsTo('auth.refresh')).toHaveLength(1);
    expect(services.session.getState().status).toBe('signed-in');
  });

  it('shares one refresh among requests that fail together', async () => {
    const { api, services } = setup({
      'auth.me': () => {
        if (services.session.accessToken() !== 'fresh-token') {
          throw apiError('UNAUTHORIZED', 'Please sign in again.');
        }
        return authSession().user;
      },
      'auth.refresh': () => authSession('fresh-token'),
    });
    await Promise.all([
      services.client.auth.me.query(),
      services.client.auth.me.query(),
      services.client.auth.me.query(),
    ]);
    // Refresh tokens rotate and a replayed one revokes the session: never two at once.
    expect(api.callsTo('auth.refresh')).toHaveLength(1);
  });

  it('signs out with a message when the refresh is refused, without looping', async () => {
    const { api, services } = setup({
      'auth.me': alwaysUnauthorized,
      'auth.refresh': () => {
        throw apiError('UNAUTHORIZED', 'Please sign in again.');
      },
    });
    await expect(services.client.auth.me.query()).rejects.toThrow('Please sign in again.');
    expect(api.callsTo('auth.me')).toHaveLength(1);
    expect(api.callsTo('auth.refresh')).toHaveLength(1);
    expect(services.session.getState()).toEqual({
      status: 'signed-out',
      message: SESSION_ENDED_MESSAGE,
    });
  });

  it('retries only once: a second UNAUTHORIZED after a refresh signs out', async () => {
    const { api, services } = setup({
      'auth.me': alwaysUnauthorized,
      'auth.refresh': () => authSession('fresh-but-useless'),
    });
    await expect(services.client.auth.me.query()).rejects.toThrow();
    expect(api.callsTo('auth.me')).toHaveLength(2);
    expect(api.callsTo('auth.refresh')).toHaveLength(1);
    expect(services.session.getState().status).toBe('signed-out');
  });

  it('keeps the session when the refresh fails for a network reason', async () => {
    const { services } = setup({
      'auth.me': alwaysUnauthorized,
      'auth.refresh': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(services.client.auth.me.query()).rejects.toThrow();
    expect(services.session.getState().status).toBe('signed-in');
  });

  it('does not touch sign-in errors: a wrong password is not an expired session', async () => {
    const { api, services } = setup({
      'auth.signIn': () => {
        throw apiError('UNAUTHORIZED', 'Invalid email or password');
      },
    });
    await expect(
      services.client.auth.signIn.mutate({ email: 'ada@example.com', password: 'nope nope' }),
    ).rejects.toThrow('Invalid email or password');
    expect(api.callsTo('auth.refresh')).toHaveLength(0);
  });
});

describe('restoring the session on page load', () => {
  it('signs in from the refresh cookie', async () => {
    const api = fakeApi({ 'auth.refresh': () => authSession('restored') });
    const services = testServices(api);
    await services.restoreSession();
    expect(services.session.accessToken()).toBe('restored');
  });

  it('shows the sign-in screen without a message when there is no session', async () => {
    const api = fakeApi({
      'auth.refresh': () => {
        throw apiError('UNAUTHORIZED', 'Please sign in again.');
      },
    });
    const services = testServices(api);
    await services.restoreSession();
    expect(services.session.getState()).toEqual({ status: 'signed-out', message: null });
  });

  it('clears every cached query when the session ends', () => {
    const api = fakeApi({});
    const services = testServices(api);
    services.session.signIn(authSession());
    services.queryClient.setQueryData(['anything'], { secret: 'first user data' });
    services.session.signOut();
    expect(services.queryClient.getQueryData(['anything'])).toBeUndefined();
  });
});
