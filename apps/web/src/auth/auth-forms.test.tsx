import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';

// One wrong password is let through, the next is refused for up to 95 seconds.
const api = inProcessApi({
  rateLimits: { signInFailuresPerAccountAndAddress: { limit: 1, windowSeconds: 95 } },
});
const signedOut = { route: 'signIn' } as const;
const password = 'correct horse battery staple';

async function fillAndSubmit(email: string, password: string): Promise<void> {
  const user = userEvent.setup();
  if (email !== '') await user.type(screen.getByLabelText('Email'), email);
  if (password !== '') await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('the sign-in form', () => {
  it('labels its fields for password managers and lets the password be shown', async () => {
    renderApp(api(), signedOut);
    expect(screen.getByLabelText('Email')).toHaveAttribute('autocomplete', 'email');
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('autocomplete', 'current-password');
    expect(password).toHaveAttribute('type', 'password');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show password' }));
    expect(password).toHaveAttribute('type', 'text');
    expect(screen.getByRole('button', { name: 'Hide password' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('checks the fields with the API schema before sending anything', async () => {
    renderApp(api(), signedOut);
    await fillAndSubmit('not-an-email', '');
    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(api().callsTo('auth.signIn')).toEqual([]);
  });

  it('shows the server’s generic error as it is', async () => {
    const { email } = await api().registeredUser(password);
    renderApp(api(), signedOut);
    await fillAndSubmit(email, 'wrong password');
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
  });

  it('shows a rate limit with the time to wait', async () => {
    const { email } = await api().registeredUser(password);
    renderApp(api(), signedOut);
    await fillAndSubmit(email, 'wrong password');
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please wait 2 minutes');
  });

  it('disables the button while signing in, then opens the task list', async () => {
    const { email } = await api().registeredUser(password);
    const release = api().hold('auth.signIn');
    const { services } = renderApp(api(), signedOut);
    await fillAndSubmit(` ${email} `, password);
    const button = await screen.findByRole('button', { name: 'Signing in…' });
    expect(button).toBeDisabled();
    // Sent as the schema normalises it: the email trimmed, the password exactly as typed.
    expect(api().callsTo('auth.signIn')).toEqual([{ email, password }]);
    release();
    expect(await screen.findByRole('heading', { name: 'Tasks' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/');
    expect(services.session.accessToken()).toMatch(/^ey/);
    expect(await screen.findByText('Nothing to do yet.')).toBeInTheDocument();
  });

  it('explains why the person was signed out', () => {
    renderApp(api(), { ...signedOut, message: 'Your session has ended. Please sign in again.' });
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended');
  });
});

describe('the sign-up form', () => {
  it('shows the server’s field errors beside the fields', async () => {
    renderApp(api(), { route: 'signUp' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'password123');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(
      await screen.findByText('This password is too common and easy to guess. Choose another one.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password')).toHaveAttribute('autocomplete', 'new-password');
  });

  it('offers to sign in when the email is already registered', async () => {
    const { email } = await api().registeredUser(password);
    renderApp(api(), { route: 'signUp' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), email);
    await user.type(screen.getByLabelText('Password'), 'a long enough password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('already exists');
    await user.click(screen.getByRole('link', { name: 'Sign in instead' }));
    await waitFor(() => {
      expect(window.location.pathname).toBe('/sign-in');
    });
  });
});
