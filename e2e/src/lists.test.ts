// Lists, due times and Upcoming in a real browser against the production build: a list is
// created, a task quick-added into it with a due time, found in Upcoming under its day, and the
// view survives a reload and Back. A task's recurrence picker and reminders are scanned open, and
// the account's email-reminders toggle ticked. Screens are photographed and scanned at both
// sizes, light and dark.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';
import { VIEWPORTS } from './screenshots';

const { newPage } = browserSuite({
  // Not UTC, so the proposed zone and the days in it are the person's, not the server's.
  context: { timezoneId: 'Europe/Paris' },
});

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
    await checkScreen(page, 'lists-new-list', { everySize: true });
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
    await checkScreen(page, 'lists-list-view', { everySize: true });

    await page.getByLabel('Show').selectOption('upcoming');
    await page.getByRole('heading', { level: 1, name: 'Upcoming' }).waitFor();
    const tomorrow = page.getByRole('region', { name: 'Tomorrow' });
    await tomorrow.getByText('Buy stamps').waitFor();
    await tomorrow.getByText(/5:00\s?PM/).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('upcoming');
    await checkScreen(page, 'lists-upcoming', { everySize: true });

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

  it("a task's recurrence picker and its reminders, open with one reminder, and the email-reminders toggle, ticked, pass the scan; saved, the task says how it repeats", async () => {
    const page = await newPage();
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Plant Carer');
    await page.getByLabel('Email').fill(`repeats-${String(Date.now())}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Nothing to do yet.').waitFor();
    await page.getByRole('button', { name: 'Use Europe/Paris' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Use Europe/Paris' }).count()).toBe(0);

    const title = page.getByLabel('New task');
    await title.pressSequentially('Water the ferns tomorrow 9am');
    await expect.poll(() => chips(page).count()).toBe(1);
    await title.press('Enter');
    await page.getByRole('region', { name: 'Task list' }).getByText('Water the ferns').waitFor();

    await page.getByRole('button', { name: 'Edit “Water the ferns”' }).click();
    const form = page.getByRole('form', { name: 'Edit “Water the ferns”' });
    await form.getByLabel('Repeats').selectOption('weekly');
    await form.getByRole('checkbox', { name: 'Monday' }).check();
    await form.getByRole('checkbox', { name: 'Thursday' }).check();
    await form.getByLabel('Ends').selectOption('count');
    await form.getByLabel('How many times').fill('10');
    await form.getByText('Repeats every week on Mon, Thu, 10 times').waitFor();
    // The default reminder: 30 minutes before the due time, saved at once.
    await form.getByRole('button', { name: 'Add reminder' }).click();
    await form.getByRole('button', { name: /^Remove reminder: 30 minutes before due/ }).waitFor();
    await checkScreen(page, 'task-repeats-weekly-reminder', { everySize: true });

    // The picker's other open state: a day of the month (a radio group and a field), and a
    // reminder at a time.
    await form.getByLabel('Repeats').selectOption('monthly');
    await form.getByRole('radio', { name: 'Day', exact: true }).check();
    await form.getByLabel('Day of the month').fill('15');
    await form.getByLabel('Remind me').selectOption('at');
    await form.getByLabel('Reminder time').waitFor();
    await form.getByText('Repeats every month on the 15th, 10 times').waitFor();
    await checkScreen(page, 'task-repeats-monthly', { everySize: true });

    await form.getByLabel('Repeats').selectOption('weekly');
    await form.getByRole('button', { name: 'Save' }).click();
    const item = page.getByRole('region', { name: 'Task list' }).getByRole('listitem');
    await item.getByText('Repeats every week on Mon, Thu, 10 times').waitFor();
    await checkScreen(page, 'task-repeats-saved', { everySize: true });

    // Where reminders may also be mailed: the account's toggle, ticked (saved at once; a reload
    // shows it kept), scanned in that state too.
    await page.getByRole('link', { name: 'Account' }).click();
    const toggle = page.getByRole('checkbox', { name: /^Email me my reminders/ });
    await toggle.check();
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await checkScreen(page, 'account-email-reminders-on', { everySize: true });
  });
});
