// The web app in a real browser against the production build: the journeys of issue 5, with a
// screenshot and an accessibility scan of every screen.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { apiTimeline, focusedElement } from './api-timeline';
import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';

const { server, newPage } = browserSuite();

beforeAll(() => {
  console.info(`browser suite: production build on ${server().database} at ${server().url}`);
});

const password = 'correct horse battery staple';
let emailCounter = 0;
const newEmail = (who: string): string => `${who}-${Date.now()}-${++emailCounter}@example.com`;

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
}

const filters = (page: Page) => page.getByRole('region', { name: 'Filter and sort' });

/** On a phone the filter controls are folded away behind a "Filters" button. */
async function openFilters(page: Page): Promise<void> {
  const toggle = filters(page).getByRole('button', { name: /^Filters/ });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false') {
    await toggle.click();
  }
}

const taskItems = (page: Page) =>
  page.getByRole('region', { name: 'Task list' }).getByRole('listitem');

const liveStatus = (page: Page) => page.getByRole('status', { name: 'Live updates' });

async function taskTitles(page: Page): Promise<string[]> {
  return taskItems(page).locator('label').allTextContents();
}

async function addTask(
  page: Page,
  title: string,
  more: { priority?: string; due?: string; tags?: string } = {},
): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a task' });
  await form.getByLabel('New task').fill(title);
  if (Object.keys(more).length > 0) {
    const toggle = form.getByRole('button', { name: 'More options' });
    if (await toggle.isVisible()) await toggle.click();
    if (more.priority !== undefined) await form.getByLabel('Priority').selectOption(more.priority);
    if (more.due !== undefined) await form.getByLabel('Due date').fill(more.due);
    if (more.tags !== undefined) await form.getByLabel('Tags').fill(more.tags);
  }
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await taskItems(page).filter({ hasText: title }).waitFor();
}

function localDate(offsetDays: number): string {
  const day = new Date();
  day.setDate(day.getDate() + offsetDays);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

describe('the web app in Chromium', () => {
  const first = { name: 'Ada Lovelace', email: newEmail('ada') };

  it('signs up, adds three tasks, completes, filters, searches, reloads and signs out', async () => {
    const page = await newPage();

    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await checkScreen(page, 'sign-in', { dark: false });

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/sign-up');
    // Client-side validation with the server's schema, shown beside each field.
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter your name.').waitFor();
    await checkScreen(page, 'sign-up-errors', { dark: false });

    await signUp(page, first.name, first.email);
    await page.getByText('Nothing to do yet.').waitFor();
    await checkScreen(page, 'tasks-empty', { dark: false });

    await addTask(page, 'Buy milk', { priority: 'high', due: localDate(0), tags: 'home, errands' });
    await addTask(page, 'Write the quarterly report', { due: localDate(-1), tags: 'work' });
    await addTask(page, 'Call the plumber');
    expect(await taskTitles(page)).toEqual([
      'Call the plumber',
      'Write the quarterly report',
      'Buy milk',
    ]);
    // Overdue and due-today stand out.
    await taskItems(page)
      .filter({ hasText: 'Write the quarterly report' })
      .getByText('Overdue')
      .waitFor();
    await taskItems(page).filter({ hasText: 'Buy milk' }).getByText('Due today').waitFor();

    await page.getByRole('checkbox', { name: 'Buy milk' }).check();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'Buy milk' }).isChecked())
      .toBe(true);
    await page.getByText('2 active').waitFor();
    await page.getByRole('button', { name: '1 overdue' }).waitFor();

    await page.getByRole('button', { name: /^Active/ }).click();
    await expect
      .poll(() => taskTitles(page))
      .toEqual(['Call the plumber', 'Write the quarterly report']);
    await page.getByRole('button', { name: /^Done/ }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Buy milk']);
    await page.getByRole('button', { name: /^All/ }).click();
    await openFilters(page);
    await filters(page).getByLabel('Priority').selectOption('high');
    await expect.poll(() => taskTitles(page)).toEqual(['Buy milk']);
    await filters(page).getByLabel('Priority').selectOption('any');

    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('quarterly');
    await expect.poll(() => taskTitles(page)).toEqual(['Write the quarterly report']);
    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('');
    await expect.poll(() => taskTitles(page)).toHaveLength(3);
    await checkScreen(page, 'tasks');

    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await expect.poll(() => taskTitles(page)).toHaveLength(3);
    expect(await page.getByRole('checkbox', { name: 'Buy milk' }).isChecked()).toBe(true);

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    await page.getByText(first.email, { exact: true }).waitFor();
    await page.getByText('This device').waitFor();
    await checkScreen(page, 'account', { dark: false });

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await page.getByText('You have signed out.').waitFor();
    // Signed out for real: a reload does not restore the session.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it("shows a second person none of the first person's tasks", async () => {
    const page = await newPage();
    await signUp(page, 'Grace Hopper', newEmail('grace'));
    await page.getByText('Nothing to do yet.').waitFor();
    expect(await taskItems(page).count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('milk');
    await page.getByText('No tasks match these filters.').waitFor();
    expect(await page.getByText('Buy milk').count()).toBe(0);

    // Keyboard only: Enter adds a task, Space completes it.
    const timeline = apiTimeline(page);
    await page.getByRole('searchbox', { name: 'Search tasks' }).fill('');
    timeline.mark('search cleared');
    await page.getByLabel('New task').focus();
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    timeline.mark('enter');
    const checkbox = page.getByRole('checkbox', { name: 'Typed without a mouse' });
    await checkbox.waitFor();
    timeline.mark('checkbox shown');
    await checkbox.focus();
    timeline.mark(`focused: ${await focusedElement(page)}`);
    await page.keyboard.press('Space');
    timeline.mark(`space pressed, focused: ${await focusedElement(page)}`);
    // This step failed now and then over several sessions, each time from another race between a
    // just-added task and a list read (the last: a cleared search left waiting). Should it fail
    // again, the message holds what the page asked and heard around the press.
    try {
      await expect.poll(() => checkbox.isChecked()).toBe(true);
    } catch (error) {
      throw new Error(`Space did not complete the task:\n${timeline.lines().join('\n')}`, {
        cause: error,
      });
    }
  });

  it('signs out a session revoked from another browser at once, through its live stream', async () => {
    const laptop = await newPage();
    await signIn(laptop, first.email);
    await expect.poll(() => taskTitles(laptop)).toHaveLength(3);
    await expect.poll(() => liveStatus(laptop).textContent()).toBe('Live');

    const phone = await newPage();
    await signIn(phone, first.email);
    await phone.getByRole('link', { name: 'Account' }).click();
    const otherSessions = phone.getByRole('button', { name: /^Revoke / });
    await otherSessions.first().waitFor();
    // Revoke every session but the phone's own: the laptop's among them.
    while ((await otherSessions.count()) > 0) {
      const before = await otherSessions.count();
      await otherSessions.first().click();
      await expect.poll(() => otherSessions.count()).toBeLessThan(before);
    }

    // The laptop does nothing: its live stream is closed, and the session with it.
    await laptop.waitForURL('**/sign-in');
    await laptop.getByText('Your session has ended. Please sign in again.').waitFor();

    // The phone is untouched.
    await phone.getByRole('link', { name: 'Tasks' }).click();
    await expect.poll(() => taskTitles(phone)).toHaveLength(3);
  });

  it('keeps two browsers of one person in step, live, until one signs out everywhere', async () => {
    const email = newEmail('live');
    const laptop = await newPage();
    await signUp(laptop, 'Katherine Johnson', email);
    const phone = await newPage();
    await signIn(phone, email);
    for (const page of [laptop, phone]) {
      await expect.poll(() => liveStatus(page).textContent()).toBe('Live');
    }

    await addTask(laptop, 'Check the trajectory');
    await expect.poll(() => taskTitles(phone)).toEqual(['Check the trajectory']);
    await phone.getByText('1 active').waitFor();

    await laptop.getByRole('checkbox', { name: 'Check the trajectory' }).click();
    const onPhone = phone.getByRole('checkbox', { name: 'Check the trajectory' });
    await expect.poll(() => onPhone.isChecked()).toBe(true);
    await phone.getByText('0 active').waitFor();

    await laptop.getByRole('button', { name: 'Delete “Check the trajectory”' }).click();
    // Sent when the undo window closes; then gone from the phone too.
    await expect.poll(() => taskTitles(phone)).toEqual([]);
    await phone.getByText('Nothing to do yet.').waitFor();

    await laptop.getByRole('link', { name: 'Account' }).click();
    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop.waitForURL('**/sign-in');
    // The phone's live status ends with its session, without a reload or an action.
    await phone.waitForURL('**/sign-in');
    await phone.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(await phone.getByRole('status', { name: 'Live updates' }).count()).toBe(0);
  });
});
