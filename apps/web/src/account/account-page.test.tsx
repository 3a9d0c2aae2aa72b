import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();
const password = 'my real password, long enough';
const firefoxOnLinux = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const safariOnIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

/** A person signed in on this Firefox, and also on an iPhone. */
async function personOnTwoDevices() {
  const person = await api().registeredUser(password, { userAgent: firefoxOnLinux });
  const phone = await api().signIn(person.email, password, safariOnIphone);
  return { ...person, phone };
}

describe('the account screen', () => {
  it('shows the person and their sessions, and revokes another device', async () => {
    const person = await personOnTwoDevices();
    renderApp(api(), { route: 'account', session: person.session });
    expect(await screen.findByText(person.email)).toBeInTheDocument();
    const sessions = screen.getByRole('region', { name: 'Active sessions' });
    expect(await within(sessions).findByText('Firefox on Linux')).toBeInTheDocument();
    expect(within(sessions).getByText('This device')).toBeInTheDocument();
    expect(within(sessions).getByText('Safari on iOS')).toBeInTheDocument();
    // Only other devices can be revoked here; this one signs out with "Sign out".
    const revoke = within(sessions).getAllByRole('button', { name: /^Revoke/ });
    expect(revoke).toHaveLength(1);
    await userEvent.setup().click(revoke[0] as HTMLElement);
    await waitFor(() => {
      expect(within(sessions).queryByText('Safari on iOS')).not.toBeInTheDocument();
    });
    // The phone's session is over for real.
    await expect(person.phone.caller.tasks.list({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('asks for the password before deleting the account, then signs out', async () => {
    const person = await personOnTwoDevices();
    const { services } = renderApp(api(), { route: 'account', session: person.session });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete account…' }));
    await user.click(screen.getByRole('button', { name: 'Delete my account permanently' }));
    expect(await screen.findByText('Enter your password.')).toBeInTheDocument();
    expect(api().callsTo('auth.deleteAccount')).toEqual([]);

    await user.type(screen.getByLabelText('Your password'), 'a wrong guess');
    await user.click(screen.getByRole('button', { name: 'Delete my account permanently' }));
    expect(await screen.findByText('Your current password is incorrect.')).toBeInTheDocument();
    expect(services.session.getState().status).toBe('signed-in');

    await user.clear(screen.getByLabelText('Your password'));
    await user.type(screen.getByLabelText('Your password'), password);
    await user.click(screen.getByRole('button', { name: 'Delete my account permanently' }));
    await waitFor(() => {
      expect(window.location.pathname).toBe('/sign-in');
    });
    expect(services.session.getState()).toEqual({
      status: 'signed-out',
      message: 'Your account and all its tasks have been deleted.',
    });
    await expect(api().signIn(person.email, password)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('changes the password and says other devices were signed out', async () => {
    const person = await personOnTwoDevices();
    renderApp(api(), { route: 'account', session: person.session });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), password);
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText(/Your other devices have been signed out/)).toBeInTheDocument();
    await expect(person.phone.caller.tasks.list({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(api().signIn(person.email, 'a brand new passphrase')).resolves.toBeDefined();
  });

  it('turns email reminders on and off, saved at once', async () => {
    const person = await api().signedInUser();
    renderApp(api(), { route: 'account', session: person.session });
    const user = userEvent.setup();
    const reminders = await screen.findByRole('region', { name: 'Reminders' });
    const box = within(reminders).getByRole('checkbox', { name: /Email me my reminders/ });
    expect(box).not.toBeChecked();
    await user.click(box);
    await waitFor(async () => {
      expect((await person.caller.auth.me()).emailReminders).toBe(true);
    });
    await waitFor(() => {
      expect(box).toBeChecked();
    });
    await user.click(box);
    await waitFor(async () => {
      expect((await person.caller.auth.me()).emailReminders).toBe(false);
    });
  });

  it('keeps the keyboard on the email-reminders box while it saves, and saves once', async () => {
    const person = await api().signedInUser();
    renderApp(api(), { route: 'account', session: person.session });
    const user = userEvent.setup();
    const reminders = await screen.findByRole('region', { name: 'Reminders' });
    const box = within(reminders).getByRole('checkbox', { name: /Email me my reminders/ });
    box.focus();
    const release = api().hold('auth.updateProfile');
    await user.keyboard(' ');
    await waitFor(() => {
      expect(box).toHaveAttribute('aria-disabled', 'true');
    });
    // A second press while the first is on its way changes nothing.
    await user.keyboard(' ');
    expect(box).toBeChecked();
    release();
    await waitFor(async () => {
      expect((await person.caller.auth.me()).emailReminders).toBe(true);
    });
    await waitFor(() => {
      expect(box).toHaveAttribute('aria-disabled', 'false');
    });
    expect(box).toHaveFocus();
    expect(box).toBeChecked();
    expect(api().callsTo('auth.updateProfile')).toEqual([{ emailReminders: true }]);
  });
});
