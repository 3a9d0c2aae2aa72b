// Lists, due times and Upcoming in a real browser against the production build: a list is
// created, a task quick-added into it with a due time, found in Upcoming under its day, and the
// view survives a reload and Back. Screens are photographed and scanned at both sizes, light and
// dark.
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
    // Not UTC, so the proposed zone and the days in it are the person's, not the server's.
    timezoneId: 'Europe/Paris',
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

/** Screenshots at both sizes and an axe scan at each, light and dark. */
async function checkScreen(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshotAllSizes(page, scheme === 'light' ? name : `${name}-dark`);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      expect(
        await seriousViolations(page),
        `accessibility of ${name} (${scheme}, ${String(viewport.width)} px)`,
      ).toEqual([]);
    }
    await page.setViewportSize(VIEWPORTS[0]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const chips = (page: Page) =>
  page.getByRole('list', { name: 'Read from the title' }).getByRole('listitem');

describe('lists and Upcoming in Chromium', () => {
  it('creates a list, quick-adds a task with a due time into it, shows it in Upcoming under Tomorrow, and a reload and Back keep the view', async () => {
    const page = await newPage();
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('List Maker');
    await page.getByLabel('Email').fill(`lists-${String(Date.now())}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Nothing to do yet.').waitFor();

    // The browser's zone is proposed once; accepting saves it on the account.
    await page.getByRole('button', { name: 'Use Europe/Paris' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Use Europe/Paris' }).count()).toBe(0);

    await page.getByRole('button', { name: 'New list' }).click();
    await page.getByLabel('List name').fill('Errands');
    await page.getByLabel('Colour', { exact: true }).selectOption('green');
    await checkScreen(page, 'lists-new-list');
    await page.getByRole('button', { name: 'Create list' }).click();
    await page.getByRole('heading', { level: 1, name: 'Errands' }).waitFor();
    expect(new URL(page.url()).searchParams.get('list')).toMatch(/^[0-9a-f-]{36}$/);

    const title = page.getByLabel('New task');
    await title.pressSequentially('Buy stamps tomorrow 5pm');
    await expect.poll(() => chips(page).count()).toBe(1);
    await title.press('Enter');
    const listed = page.getByRole('region', { name: 'Task list' }).getByText('Buy stamps');
    await listed.waitFor();
    // The list's count of active tasks follows its tasks.
    await expect
      .poll(() => page.getByLabel('Show').locator('option:checked').textContent())
      .toBe('Errands (1)');
    await checkScreen(page, 'lists-list-view');

    await page.getByLabel('Show').selectOption('upcoming');
    await page.getByRole('heading', { level: 1, name: 'Upcoming' }).waitFor();
    const tomorrow = page.getByRole('region', { name: 'Tomorrow' });
    await tomorrow.getByText('Buy stamps').waitFor();
    await tomorrow.getByText(/5:00\s?PM/).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('upcoming');
    await checkScreen(page, 'lists-upcoming');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Upcoming' }).waitFor();
    await page.getByRole('region', { name: 'Tomorrow' }).getByText('Buy stamps').waitFor();

    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Errands' }).waitFor();

    // The list in the sidebar on a wide screen counts its active task.
    await page.setViewportSize(VIEWPORTS[1]);
    await page
      .getByRole('navigation', { name: 'Lists' })
      .getByRole('button', { name: /Errands\s*1\s*active/ })
      .waitFor();
  });
});
