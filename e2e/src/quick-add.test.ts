// Quick add in a real browser against the production build: the composer's chips as a line is
// typed (photographed and scanned, light and dark), a chip removed, Escape, and what is saved.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { seriousViolations } from './accessibility';
import { launchBrowser } from './browser';
import { screenshotAllSizes, VIEWPORTS } from './screenshots';
import { startTestServer, type TestServer } from './test-server';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];
const started: { server?: TestServer; browser?: Browser } = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startTestServer().then((result) => (started.server = result)),
    launchBrowser().then((result) => (started.browser = result)),
  ]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((browserContext) => browserContext.close()));
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await started.browser?.close();
  await started.server?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: VIEWPORTS[0],
    bypassCSP: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      consoleErrors.push(message.text());
    }
  });
  return page;
}

async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshotAllSizes(page, name);
  expect(await seriousViolations(page), `accessibility of ${name}`).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshotAllSizes(page, `${name}-dark`);
  expect(await seriousViolations(page), `accessibility of ${name} (dark)`).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
}

const chips = (page: Page) =>
  page.getByRole('list', { name: 'Read from the title' }).getByRole('listitem');
const taskItems = (page: Page) =>
  page.getByRole('region', { name: 'Task list' }).getByRole('listitem');

describe('quick add in Chromium', () => {
  it('shows chips as a line is typed, drops a removed one, keeps text on Escape', async () => {
    const page = await newPage();
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Quick Adder');
    await page.getByLabel('Email').fill(`quick-${String(Date.now())}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Nothing to do yet.').waitFor();

    const title = page.getByLabel('New task');
    await title.pressSequentially('Pay rent Dec 24 2027 5pm #home #bills !high');
    await expect
      .poll(() => chips(page).allTextContents())
      .toEqual(['Due Dec 24, 2027, 5:00 PM', '#home', '#bills', 'High priority']);
    await checkScreen(page, 'quick-add-chips');

    await page.getByRole('button', { name: 'Keep "#bills" as text' }).click();
    await expect
      .poll(() => chips(page).allTextContents())
      .toEqual(['Due Dec 24, 2027, 5:00 PM', '#home', 'High priority']);
    await title.press('Enter');
    const rent = taskItems(page).filter({ hasText: 'Pay rent #bills' });
    await rent.getByText('Dec 24, 2027, 5:00 PM').waitFor();
    await rent.getByText('#home').waitFor();
    await rent.getByText('High').waitFor();
    await expect.poll(() => title.inputValue()).toBe('');

    await title.pressSequentially('Read 1984 tomorrow #books');
    await expect.poll(() => chips(page).count()).toBe(2);
    await title.press('Escape');
    await page.getByText('Kept as typed.').waitFor();
    await expect.poll(() => chips(page).count()).toBe(0);
    await checkScreen(page, 'quick-add-kept-as-typed');
    await title.press('Enter');
    await taskItems(page).filter({ hasText: 'Read 1984 tomorrow #books' }).waitFor();
  });
});
