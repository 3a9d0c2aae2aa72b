import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';
import { tokenFromFragment } from './link-token';

const api = inProcessApi();
const password = 'correct horse battery staple';
const newPassword = 'a brand new passphrase of mine';

/** The fragment (`#token=…`) of the newest mail of `kind` to `to`. */
async function linkFragment(to: string, kind: string): Promise<string> {
  // Some mails are written by a job the answer left behind (a reset request): wait for it.
  return vi.waitFor(
    async () => {
      const mail = (await api().mailsTo(to)).filter((each) => each.kind === kind).at(-1);
      if (mail?.link == null) throw new Error(`no ${kind} mail to ${to}`);
      return new URL(mail.link).hash;
    },
    { timeout: 15_000, interval: 50 },
  );
}

describe('forgot password', () => {
  it('is reached from the sign-in screen and answers the same for any address', async () => {
    renderApp(api(), { route: 'signIn' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('link', { name: 'Forgot password?' }));
    expect(
      await screen.findByRole('heading', { name: 'Forgot your password?' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByText('Enter your email address.')).toBeInTheDocument();
    expect(api().callsTo('auth.requestPasswordReset')).toEqual([]);

    await user.type(screen.getByLabelText('Email'), 'nobody-here@example.com');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'If an account exists for that address, we sent a link',
    );
    expect(await api().mailsTo('nobody-here@example.com')).toEqual([]);
    await user.click(screen.getByRole('link', { name: 'Back to sign in' }));
    await waitFor(() => {
      expect(window.location.pathname).toBe('/sign-in');
    });
  });

  it('runs the mail’s link: a new password, every device signed out, then sign-in works', async () => {
    const person = await api().registeredUser(password);
    const user = userEvent.setup();
    const first = renderApp(api(), { route: 'forgotPassword' });
    await user.type(screen.getByLabelText('Email'), person.email);
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    await screen.findByText(/If an account exists for that address/);
    first.unmount();

    const hash = await linkFragment(person.email, 'password-reset');
    renderApp(api(), { route: 'resetPassword', hash });
    expect(
      await screen.findByRole('heading', { name: 'Choose a new password' }),
    ).toBeInTheDocument();
    // The token leaves the address bar as the page opens.
    await waitFor(() => {
      expect(window.location.hash).toBe('');
    });
    expect(window.location.pathname).toBe('/reset-password');

    // A weak password is refused beside the field and does not use up the link.
    await user.type(screen.getByLabelText('New password'), 'password123');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(
      await screen.findByText('This password is too common and easy to guess. Choose another one.'),
    ).toBeInTheDocument();
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), newPassword);
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));

    await waitFor(() => {
      expect(window.location.pathname).toBe('/sign-in');
    });
    expect(screen.getByRole('status')).toHaveTextContent('Your password was changed');
    await expect(person.caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await user.type(screen.getByLabelText('Email'), person.email);
    await user.type(screen.getByLabelText('Password'), newPassword);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Tasks' })).toBeInTheDocument();
  });

  it('says clearly when a link is used or made up, with a way back', async () => {
    renderApp(api(), { route: 'resetPassword', hash: `#token=${'A'.repeat(43)}` });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), newPassword);
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This link is invalid or has expired.',
    );
    await user.click(screen.getByRole('link', { name: 'Ask for a new link' }));
    await waitFor(() => {
      expect(window.location.pathname).toBe('/forgot-password');
    });
  });

  it('a page opened without a token says so', async () => {
    renderApp(api(), { route: 'resetPassword' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This link is invalid or has expired.',
    );
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toBeInTheDocument();
  });
});

describe('email verification', () => {
  it('a new account sees a banner that resends the link; the link verifies the address', async () => {
    const person = await api().registeredUser(password);
    const shown = renderApp(api(), { route: 'tasks', session: person.session });
    const banner = await screen.findByRole('region', { name: 'Email address not confirmed' });
    expect(banner).toHaveTextContent('Please confirm your email address');
    await userEvent.setup().click(within(banner).getByRole('button', { name: 'Resend' }));
    expect(await within(banner).findByText('We sent a new link.')).toBeInTheDocument();
    expect(
      (await api().mailsTo(person.email)).filter((mail) => mail.kind === 'email-verification'),
    ).toHaveLength(2);
    shown.unmount();

    const hash = await linkFragment(person.email, 'email-verification');
    const { services } = renderApp(api(), { route: 'verifyEmail', hash, session: person.session });
    expect(await screen.findByText(/is confirmed\./)).toHaveTextContent(
      `${person.email} is confirmed.`,
    );
    expect(window.location.hash).toBe('');
    // The page ran the link once, and the signed-in browser knows at once.
    expect(api().callsTo('auth.verifyEmail')).toHaveLength(1);
    await waitFor(() => {
      const state = services.session.getState();
      expect(state.status === 'signed-in' && state.user.emailVerified).toBe(true);
    });
    await userEvent.setup().click(screen.getByRole('link', { name: 'Go to your tasks' }));
    expect(await screen.findByRole('heading', { name: 'Tasks' })).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Email address not confirmed' }),
    ).not.toBeInTheDocument();
  });

  it('a used link, opened while signed out, says so with a way back', async () => {
    const person = await api().registeredUser(password);
    const hash = await linkFragment(person.email, 'email-verification');
    await person.caller.auth.verifyEmail({ token: tokenFromFragment(hash) ?? '' });
    renderApp(api(), { route: 'verifyEmail', hash });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This link is invalid or has expired.',
    );
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toBeInTheDocument();
  });
});

describe('email change', () => {
  it('the account screen sends the link to the new address; the link switches the email', async () => {
    const person = await api().registeredUser(password);
    const account = renderApp(api(), { route: 'account', session: person.session });
    expect(await screen.findByText('Not confirmed')).toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Change email' });
    const user = userEvent.setup();
    const newEmail = `new-${person.user.id}@example.com`;
    await user.type(within(section).getByLabelText('New email'), person.email.toUpperCase());
    await user.type(within(section).getByLabelText('Password'), password);
    await user.click(within(section).getByRole('button', { name: 'Send the link' }));
    expect(await within(section).findByText('This is already your email address.')).toBeVisible();

    await user.clear(within(section).getByLabelText('New email'));
    await user.type(within(section).getByLabelText('New email'), newEmail);
    await user.click(within(section).getByRole('button', { name: 'Send the link' }));
    expect(await within(section).findByText(/Check your inbox at/)).toHaveTextContent(
      `Check your inbox at ${newEmail}`,
    );
    expect((await api().mailsTo(person.email)).map((mail) => mail.kind)).toContain(
      'email-change-requested',
    );

    account.unmount();
    const hash = await linkFragment(newEmail, 'email-change');
    const { services } = renderApp(api(), {
      route: 'confirmEmail',
      hash,
      session: person.session,
    });
    expect(await screen.findByText(/Your email address is now/)).toHaveTextContent(
      `Your email address is now ${newEmail}.`,
    );
    await waitFor(() => {
      const state = services.session.getState();
      expect(state.status === 'signed-in' && state.user.email).toBe(newEmail);
    });
    await user.click(screen.getByRole('link', { name: 'Go to your account' }));
    expect(await screen.findByText(newEmail)).toBeInTheDocument();
    expect(screen.getByText('Confirmed')).toBeInTheDocument();
  });

  it('a wrong current password is shown beside the field', async () => {
    const person = await api().registeredUser(password);
    renderApp(api(), { route: 'account', session: person.session });
    const section = await screen.findByRole('region', { name: 'Change email' });
    const user = userEvent.setup();
    await user.type(within(section).getByLabelText('New email'), 'elsewhere@example.com');
    await user.type(within(section).getByLabelText('Password'), 'not my password');
    await user.click(within(section).getByRole('button', { name: 'Send the link' }));
    expect(
      await within(section).findByText('Your current password is incorrect.'),
    ).toBeInTheDocument();
    expect(within(section).getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });
});
