import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, testUser, type Handlers } from '../test/fake-api';
import { renderApp } from '../test/render-app';

const laptop = {
  id: '11111111-1111-4111-8111-111111111111',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  lastUsedAt: new Date(),
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  current: true,
};
const phone = {
  id: '22222222-2222-4222-8222-222222222222',
  createdAt: new Date('2026-02-01T10:00:00Z'),
  lastUsedAt: new Date(Date.now() - 3 * 24 * 3600 * 1000),
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  current: false,
};

function accountHandlers(overrides: Handlers = {}): Handlers {
  let sessions = [laptop, phone];
  return {
    'auth.me': () => testUser,
    'auth.sessions': () => sessions,
    'auth.revokeSession': (input) => {
      const { sessionId } = input as { sessionId: string };
      sessions = sessions.filter((session) => session.id !== sessionId);
      return { ok: true };
    },
    ...overrides,
  };
}

describe('the account screen', () => {
  it('shows the person and their sessions, and revokes another device', async () => {
    const { api } = renderApp(accountHandlers(), { route: 'account' });
    expect(await screen.findByText('ada@example.com')).toBeInTheDocument();
    const sessions = screen.getByRole('region', { name: 'Active sessions' });
    expect(await within(sessions).findByText('Firefox on Linux')).toBeInTheDocument();
    expect(within(sessions).getByText('This device')).toBeInTheDocument();
    expect(within(sessions).getByText('Safari on iOS')).toBeInTheDocument();
    expect(within(sessions).getByText(/Last used 3 days ago/)).toBeInTheDocument();
    // Only other devices can be revoked here; this one signs out with "Sign out".
    const revoke = within(sessions).getAllByRole('button', { name: /^Revoke/ });
    expect(revoke).toHaveLength(1);
    await userEvent.setup().click(revoke[0] as HTMLElement);
    await waitFor(() => {
      expect(within(sessions).queryByText('Safari on iOS')).not.toBeInTheDocument();
    });
    expect(api.callsTo('auth.revokeSession')).toEqual([{ sessionId: phone.id }]);
  });

  it('asks for the password before deleting the account, then signs out', async () => {
    const { api, services } = renderApp(
      accountHandlers({
        'auth.deleteAccount': (input) => {
          if ((input as { password: string }).password !== 'my real password') {
            // As the server answers a wrong password here: a field error, not UNAUTHORIZED.
            throw apiError('BAD_REQUEST', 'That is not your password.', {
              fieldErrors: { password: ['That is not your password.'] },
            });
          }
          return { ok: true };
        },
      }),
      { route: 'account' },
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete account…' }));
    await user.click(screen.getByRole('button', { name: 'Delete my account permanently' }));
    expect(await screen.findByText('Enter your password.')).toBeInTheDocument();
    expect(api.callsTo('auth.deleteAccount')).toEqual([]);

    await user.type(screen.getByLabelText('Your password'), 'a wrong guess');
    await user.click(screen.getByRole('button', { name: 'Delete my account permanently' }));
    expect(await screen.findByText('That is not your password.')).toBeInTheDocument();
    expect(services.session.getState().status).toBe('signed-in');

    await user.clear(screen.getByLabelText('Your password'));
    await user.type(screen.getByLabelText('Your password'), 'my real password');
    await user.click(screen.getByRole('button', { name: 'Delete my account permanently' }));
    await waitFor(() => {
      expect(window.location.pathname).toBe('/sign-in');
    });
    expect(services.session.getState()).toEqual({
      status: 'signed-out',
      message: 'Your account and all its tasks have been deleted.',
    });
  });

  it('changes the password and says other devices were signed out', async () => {
    const { api } = renderApp(accountHandlers({ 'auth.changePassword': () => ({ ok: true }) }), {
      route: 'account',
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'old password here');
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText(/Your other devices have been signed out/)).toBeInTheDocument();
    expect(api.callsTo('auth.changePassword')).toEqual([
      { currentPassword: 'old password here', newPassword: 'a brand new passphrase' },
    ]);
  });
});
