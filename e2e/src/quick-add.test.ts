// Quick add in a real browser against the production build: the composer's chips as a line is
// typed (photographed and scanned, light and dark), a chip removed, Escape, and what is saved.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';

const { newPage } = browserSuite();

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
