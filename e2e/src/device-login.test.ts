// Device login in a real browser against the production build: a device (the CLI, here its two
// HTTP calls) starts a login; the person opens the address it shows, signs in on the way, checks
// the client and approves or denies. Each screen is photographed and scanned.
import { describe, expect, it } from 'vitest';

import { fetchTrpc } from '@tasklane/server/testing';

import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';

const { server, newPage } = browserSuite();

const password = 'correct horse battery staple';
let counter = 0;

interface StartedDevice {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
}

/** What `tasklane login` does first: auth.deviceStart, as the CLI names itself. */
async function startDevice(clientName: string): Promise<StartedDevice> {
  const answer = await fetchTrpc(server().url, {
    path: 'auth.deviceStart',
    kind: 'mutation',
    input: { clientName },
    headers: { 'user-agent': 'tasklane-cli/0.0.0 (linux)' },
  });
  expect(answer.status).toBe(200);
  return answer.data as StartedDevice;
}

async function poll(device: StartedDevice): Promise<string> {
  const answer = await fetchTrpc(server().url, {
    path: 'auth.devicePoll',
    kind: 'mutation',
    input: { deviceCode: device.deviceCode },
  });
  return (answer.data as { status: string }).status;
}

async function newAccount(): Promise<string> {
  const email = `device-${Date.now()}-${++counter}@example.com`;
  const answer = await fetchTrpc(server().url, {
    path: 'auth.signUp',
    kind: 'mutation',
    input: { email, password, name: 'Dev Ice', tokenDelivery: 'body' },
  });
  expect(answer.status).toBe(200);
  return email;
}

describe('device login in Chromium', () => {
  it('the link the CLI shows → sign in → the client and time → Approve → the device is signed in and listed', async () => {
    const device = await startDevice('Tasklane CLI on build-box');
    expect(device.verificationUriComplete).toBe(`${server().url}/device?code=${device.userCode}`);
    const email = await newAccount();
    const page = await newPage();

    // Signed out: the page sends the person to sign in, then back to the code.
    await page.goto(device.verificationUriComplete);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Connect a device', level: 1 }).waitFor();
    await page.getByText('Tasklane CLI on build-box').waitFor();
    expect(new URL(page.url()).pathname).toBe('/device');
    await expect.poll(() => page.getByText(device.userCode).count()).toBe(1);
    await checkScreen(page, 'device-approve');

    // The device's first poll after the approval (a poll sooner than 5 s after another would be
    // answered slow_down, so the device polls once here).
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('is signed in to your account').waitFor();
    await checkScreen(page, 'device-approved');
    expect(await poll(device)).toBe('approved');

    // The device's session is on the account screen under the CLI's name.
    await page.getByRole('link', { name: 'Account' }).click();
    const sessions = page.getByRole('region', { name: 'Active sessions' });
    await sessions.getByText('Tasklane CLI on build-box').waitFor();
    await checkScreen(page, 'account-with-device-session');
  });

  it('a typed code → Deny → the device is refused; a wrong code is explained', async () => {
    const device = await startDevice('Tasklane CLI on laptop');
    const email = await newAccount();
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();

    await page.goto('/device');
    const code = page.getByLabel('Code');
    await code.fill('BBBB-BBBB');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('This code is not valid').waitFor();
    await checkScreen(page, 'device-enter-code-wrong');

    await code.fill(device.userCode.replace('-', '').toLowerCase());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Tasklane CLI on laptop').waitFor();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.getByText('was not signed in').waitFor();
    expect(await poll(device)).toBe('denied');
  });
});
