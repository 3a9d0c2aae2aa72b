import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { callerFor } from '@tasklane/api/testing';

import { inProcessApi, renderApp } from '../test/render-app';
import { CODE_SHAPE_MESSAGE } from './device-page';

const api = inProcessApi();
const password = 'my real password, long enough';

/** The CLI starting a device login, as `tasklane login` does. */
async function startedDevice(clientName = 'Tasklane CLI on build-box') {
  const { caller } = callerFor(api().services, {
    ip: '198.51.100.20',
    userAgent: 'tasklane-cli/0.0.0',
  });
  const started = await caller.auth.deviceStart({ clientName });
  const poll = () => caller.auth.devicePoll({ deviceCode: started.deviceCode });
  return { started, poll };
}

describe('the device page', () => {
  it('brings a signed-out person back to the code in the link after sign-in; Approve signs the device in', async () => {
    const { started, poll } = await startedDevice();
    const person = await api().registeredUser(password);
    renderApp(api(), { route: 'device', search: `?code=${started.userCode}` });
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Sign in' });
    await user.type(screen.getByLabelText('Email'), person.email);
    await user.type(screen.getByLabelText('Password'), password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Tasklane CLI on build-box')).toBeInTheDocument();
    expect(window.location.pathname).toBe('/device');
    // The code was read, then dropped from the address bar.
    expect(window.location.search).toBe('');
    expect(screen.getByText(started.userCode)).toBeInTheDocument();
    expect(screen.getByText(new RegExp(person.email.replace(/[.+]/g, '\\$&')))).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Tasklane CLI on build-box is signed in to your account',
    );
    const answer = await poll();
    expect(answer.status).toBe('approved');
    if (answer.status === 'approved') expect(answer.session.user.email).toBe(person.email);
  });

  it('takes a typed code in lower case without the dash; Deny leaves the device signed out', async () => {
    const { started, poll } = await startedDevice('Tasklane CLI on laptop');
    const person = await api().signedInUser();
    renderApp(api(), { route: 'device', session: person.session });
    const user = userEvent.setup();
    await user.type(
      await screen.findByLabelText('Code'),
      started.userCode.replace('-', '').toLowerCase(),
    );
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Tasklane CLI on laptop')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Denied: Tasklane CLI on laptop was not signed in.',
    );
    expect(await poll()).toEqual({ status: 'denied' });
  });

  it('checks the code’s shape before asking, and says when no device waits for it', async () => {
    const person = await api().signedInUser();
    renderApp(api(), { route: 'device', session: person.session });
    const user = userEvent.setup();
    const field = await screen.findByLabelText('Code');
    await user.type(field, 'hello');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText(CODE_SHAPE_MESSAGE)).toBeInTheDocument();
    expect(api().callsTo('auth.deviceLookup')).toEqual([]);

    await user.clear(field);
    await user.type(field, 'BBBB-BBBB');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This code is not valid');
    expect(api().callsTo('auth.deviceLookup')).toHaveLength(1);
  });

  it('shows a device login’s session under its client name on the account screen', async () => {
    const { started, poll } = await startedDevice('Tasklane CLI on desk');
    const person = await api().signedInUser();
    await person.caller.auth.deviceApprove({ userCode: started.userCode });
    expect((await poll()).status).toBe('approved');
    renderApp(api(), { route: 'account', session: person.session });
    const sessions = await screen.findByRole('region', { name: 'Active sessions' });
    expect(await within(sessions).findByText('Tasklane CLI on desk')).toBeInTheDocument();
    await waitFor(() => {
      expect(
        within(sessions).getByRole('button', { name: /^Revoke Tasklane CLI on desk/ }),
      ).toBeInTheDocument();
    });
  });
});
