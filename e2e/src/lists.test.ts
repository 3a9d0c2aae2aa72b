// Lists, due times and Upcoming in a real browser against the production build: a list is
// created, a task quick-added into it with a due time, found in Upcoming under its day, and the
// view survives a reload and Back. A task's recurrence picker and reminders are scanned open, and
// the account's email-reminders toggle ticked. The list delete panel is scanned open, as is the
// screen of a deleted list's address, and a shared link opened in another browser of the same
// person shows the same view and filters.
// Screens are photographed and scanned at both sizes, light and dark.
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

const PASSWORD = 'correct horse battery staple';

/** Signs a new person up and accepts the proposed zone; answers their email. */
async function signUp(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replaceAll(' ', '-')}-${String(Date.now())}@example.com`;
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Nothing to do yet.').waitFor();
  await page.getByRole('button', { name: 'Use Europe/Paris' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Use Europe/Paris' }).count()).toBe(0);
  return email;
}

async function createList(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New list' }).click();
  await page.getByLabel('List name').fill(name);
  await page.getByRole('button', { name: 'Create list' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Quick-adds `text` (one part of it read as a chip) and waits for the task `title`. */
async function quickAdd(page: Page, text: string, title: string): Promise<void> {
  const field = page.getByLabel('New task');
  await field.pressSequentially(text);
  await expect.poll(() => chips(page).count()).toBe(1);
  await field.press('Enter');
  await taskList(page).getByText(title, { exact: true }).waitFor();
}

const taskList = (page: Page) => page.getByRole('region', { name: 'Task list' });
const taskTitles = (page: Page) =>
  taskList(page).getByRole('listitem').locator('label').allTextContents();

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

  it('the list delete panel, open, passes the scan at both sizes, light and dark; deleting with its tasks moved to the Inbox shows every task, and Back to the deleted list says it is gone', async () => {
    const page = await newPage();
    await signUp(page, 'List Tidier');
    await createList(page, 'Old projects');
    await quickAdd(page, 'Archive the drafts !low', 'Archive the drafts');

    const controls = page.getByRole('region', { name: 'List “Old projects”' });
    await controls.getByRole('button', { name: 'Delete list…' }).click();
    const panel = page.getByRole('form', { name: 'Delete list' });
    await panel
      .getByRole('group', { name: 'Delete “Old projects” and its 1 active tasks?' })
      .waitFor();
    await checkScreen(page, 'lists-delete-list', { everySize: true });

    // The choice works from the keyboard: arrow keys move between the two radios.
    await panel.getByRole('radio', { name: 'Move its tasks to the Inbox' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await panel.getByRole('radio', { name: 'Delete its tasks too' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(
      await panel.getByRole('radio', { name: 'Move its tasks to the Inbox' }).isChecked(),
    ).toBe(true);
    await panel.getByRole('button', { name: 'Delete list' }).click();

    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    expect(new URL(page.url()).searchParams.has('list')).toBe(false);
    await taskList(page).getByText('Archive the drafts', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByLabel('Show').locator('option').allTextContents())
      .toEqual(['All tasks', 'Inbox', 'Upcoming']);
    await page.getByLabel('Show').selectOption('inbox');
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await taskList(page).getByText('Archive the drafts', { exact: true }).waitFor();

    // Back to the deleted list's address: it says the list is gone and offers every task.
    await page.goBack();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'List not found' }).waitFor();
    await page.getByText('This list no longer exists.').waitFor();
    await checkScreen(page, 'lists-missing-list', { everySize: true });
    await page.getByRole('button', { name: 'Show all tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await taskList(page).getByText('Archive the drafts', { exact: true }).waitFor();
  });

  it('a shared link opened in a fresh browser of the same person, after signing in there, shows the same view, list and filters', async () => {
    const page = await newPage();
    const email = await signUp(page, 'Link Sharer');
    await quickAdd(page, 'Loose end !high', 'Loose end');
    await createList(page, 'Errands');
    await quickAdd(page, 'Return books !high', 'Return books');
    await quickAdd(page, 'Post parcel !low', 'Post parcel');
    await quickAdd(page, 'Buy stamps !high', 'Buy stamps');

    // On a wide screen the filter controls always show.
    await page.setViewportSize(VIEWPORTS[1]);
    const filters = page.getByRole('region', { name: 'Filter and sort' });
    await filters.getByLabel('Priority').selectOption('high');
    await filters.getByLabel('Sort by').selectOption('title');
    await filters.getByRole('button', { name: /^Active/ }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Buy stamps', 'Return books']);
    const shared = new URL(page.url());
    expect(Object.fromEntries(shared.searchParams)).toEqual({
      list: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      status: 'active',
      priority: 'high',
      sort: 'title',
    });

    // Another browser (no session, no storage): the link asks for a sign-in, then opens.
    const other = await newPage();
    await other.setViewportSize(VIEWPORTS[1]);
    await other.goto(shared.pathname + shared.search);
    await other.waitForURL('**/sign-in');
    await other.getByLabel('Email').fill(email);
    await other.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();

    await other.getByRole('heading', { level: 1, name: 'Errands' }).waitFor();
    expect(new URL(other.url()).search).toBe(shared.search);
    await expect.poll(() => taskTitles(other)).toEqual(['Buy stamps', 'Return books']);
    const otherFilters = other.getByRole('region', { name: 'Filter and sort' });
    expect(await otherFilters.getByLabel('Priority').inputValue()).toBe('high');
    expect(await otherFilters.getByLabel('Sort by').inputValue()).toBe('title');
    expect(
      await otherFilters.getByRole('button', { name: /^Active/ }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(
      await other
        .getByRole('navigation', { name: 'Lists' })
        .getByRole('button', { name: /^Errands/ })
        .getAttribute('aria-current'),
    ).toBe('page');
  });
});
