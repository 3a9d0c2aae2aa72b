// The account flows that go through a mail, in a real browser against the production build: the
// mails stay in the server's outbox (no SMTP_URL outside production) and are read from
// /dev/mail.json, as a person would read them in a mailbox. Each screen is photographed and scanned.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';

const { server, newPage } = browserSuite();

const password = 'correct horse battery staple';
const newPassword = 'a fresh passphrase for the browser';
let counter = 0;
const newEmail = (who: string): string => `${who}-${Date.now()}-${++counter}@example.com`;

interface OutboxMail {
  to: string;
  kind: string;
  link: string | null;
}

/** The link of the newest mail of `kind` to `to`, once it is in the outbox. */
async function mailedLink(to: string, kind: string): Promise<string> {
  const find = async (): Promise<string | undefined> => {
    const response = await fetch(`${server().url}/dev/mail.json`);
    const mails = (await response.json()) as OutboxMail[];
    return mails.find((mail) => mail.to === to && mail.kind === kind)?.link ?? undefined;
  };
  await expect.poll(find).toBeDefined();
  const link = await find();
  if (link === undefined) throw new Error(`no ${kind} mail to ${to}`);
  return link;
}

async function signUp(page: Page, email: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Mia Mail');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
}

describe('the mail flows in Chromium', () => {
  it('sign-up → the mail → verified; the banner goes away', async () => {
    const page = await newPage();
    const email = newEmail('verify');
    await signUp(page, email);
    const banner = page.getByRole('region', { name: 'Email address not confirmed' });
    await banner.waitFor();
    await checkScreen(page, 'tasks-unconfirmed');

    const link = await mailedLink(email, 'email-verification');
    expect(link).toMatch(/\/verify-email#token=[A-Za-z0-9_-]{43}$/);
    await page.goto(link);
    await page.getByText(`${email} is confirmed.`).waitFor();
    // The token left the address bar.
    expect(new URL(page.url()).hash).toBe('');
    await checkScreen(page, 'verify-email');

    await page.getByRole('link', { name: 'Go to your tasks' }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    expect(await banner.count()).toBe(0);
  });

  it('forgot password → the mail → reset → sign in with the new password', async () => {
    const page = await newPage();
    const email = newEmail('reset');
    await signUp(page, email);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await checkScreen(page, 'forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('If an account exists for that address, we sent a link').waitFor();
    await checkScreen(page, 'forgot-password-sent');

    const link = await mailedLink(email, 'password-reset');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await checkScreen(page, 'reset-password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByText('Your password was changed').waitFor();

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();

    // The link worked once.
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill(`${newPassword} again`);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('This link is invalid or has expired.').waitFor();
    await checkScreen(page, 'reset-password-invalid');
  });

  it('account → change email → the mail to the new address → the email changes', async () => {
    const page = await newPage();
    const email = newEmail('change');
    const moved = newEmail('moved');
    await signUp(page, email);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    const section = page.getByRole('region', { name: 'Change email' });
    await section.getByLabel('New email').fill(moved);
    await section.getByLabel('Password', { exact: true }).fill(password);
    await section.getByRole('button', { name: 'Send the link' }).click();
    await section.getByText(`Check your inbox at ${moved}`).waitFor();
    await checkScreen(page, 'account-change-email');

    await page.goto(await mailedLink(moved, 'email-change'));
    await page.getByText(`Your email address is now ${moved}.`).waitFor();
    await checkScreen(page, 'confirm-email');
    await page.getByRole('link', { name: 'Go to your account' }).click();
    await page.getByText(moved, { exact: true }).waitFor();
    await page.getByText('Confirmed', { exact: true }).waitFor();
  });
});
