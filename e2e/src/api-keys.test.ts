// API keys in a real browser against the production build: create a key on the account screen,
// see and copy its secret once, use it from outside the browser, see its last use, revoke it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';

const { server, newPage } = browserSuite({
  context: { permissions: ['clipboard-read', 'clipboard-write'] },
});

/** tasks.list over HTTP with the key, as another service would call it: the status code. */
async function listWithKey(secret: string): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ json: {} }));
  const response = await fetch(`${server().url}/api/trpc/tasks.list?input=${input}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  await response.arrayBuffer();
  return response.status;
}

const keyItems = (page: Page) =>
  page.getByRole('list', { name: 'Your API keys' }).getByRole('listitem');

describe('API keys in Chromium', () => {
  it('creates a key, shows its secret once, lists its last use, and revokes it', async () => {
    const page = await newPage();
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Key Maker');
    await page.getByLabel('Email').fill(`keys-${String(Date.now())}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Nothing to do yet.').waitFor();

    await page.goto('/account');
    const section = page.getByRole('region', { name: 'API keys' });
    await section.getByText('No API keys yet.').waitFor();
    // The form refuses an empty name with the field's message.
    await section.getByRole('button', { name: 'Create key' }).click();
    await section.getByText('Name the key.').waitFor();

    await section.getByLabel('Name').fill('Backup script');
    await section.getByRole('checkbox', { name: /tasks:write/ }).check();
    await section.getByLabel('Expires after').selectOption('90');
    await section.getByRole('button', { name: 'Create key' }).click();
    await section.getByText('You will not see it again.').waitFor();
    const secret = await section.getByLabel('The new API key').inputValue();
    expect(secret).toMatch(/^tlk_[A-Za-z0-9_-]{43}$/);
    await section.getByRole('button', { name: 'Copy key' }).click();
    await section.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await keyItems(page).filter({ hasText: 'Backup script' }).getByText('Never used').waitFor();
    await checkScreen(page, 'api-key-created');

    await section.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => section.getByLabel('The new API key').count()).toBe(0);
    // Gone for good: a reload shows the key by its prefix only.
    expect(await listWithKey(secret)).toBe(200);
    const item = keyItems(page).filter({ hasText: 'Backup script' });
    // The server records the use in the background, within a second of the request.
    await expect
      .poll(async () => {
        await page.reload();
        await item.getByText(secret.slice(0, 12)).waitFor();
        return item.textContent();
      })
      .toMatch(/Last used just now/);
    await item.getByText(/tasks:read, tasks:write/).waitFor();
    expect(await page.content()).not.toContain(secret);
    await checkScreen(page, 'api-keys-list');

    await item.getByRole('button', { name: /^Revoke Backup script/ }).click();
    await section.getByText('No API keys yet.').waitFor();
    expect(await listWithKey(secret)).toBe(401);
  });
});
