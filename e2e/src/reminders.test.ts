// Recurring tasks and reminders in a real browser against the production build (issue 14): a
// task that repeats every weekday at 9, a reminder at its due time, completing it to see the next
// weekday at 9:00 in the account's zone, and the reminder arriving as a toast and a browser
// Notification once the server's clock is moved (TEST_CLOCK's POST /test/clock) to just past it.
// The journey starts at the next noon in New York on both clocks (the server's moved there, the
// browser's installed there), so no step runs near 9:00 or midnight, whenever the suite runs.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { browserSuite } from './browser-suite';
import { checkScreen } from './check-screen';
import { moveClock } from './test-server';

/** A zone with daylight saving and not the server's UTC, so a mix-up of zones shows. */
const ZONE = 'America/New_York';

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
}

declare global {
  interface Window {
    /** Every Notification the page constructed (init script below). */
    shownNotifications?: ShownNotification[];
  }
}

const { server, newContext, newPage } = browserSuite({
  server: { testClock: true },
  context: { locale: 'en-US', timezoneId: ZONE },
});

/** A context whose pages record the notifications they show. */
async function notifyingContext(): Promise<BrowserContext> {
  const context = await newContext();
  // Headless Chromium shows no notifications: record each one the page constructs, then let the
  // browser's own constructor run (it checks the permission and the arguments as usual).
  await context.addInitScript(() => {
    const shown: ShownNotification[] = [];
    window.shownNotifications = shown;
    const BrowserNotification = window.Notification;
    window.Notification = class RecordedNotification extends BrowserNotification {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
      }
    };
  });
  return context;
}

// The test's own reading of wall times in ZONE, through Intl only, so what the page shows is
// checked against something the app did not compute.
interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallAt(instant: Date): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
}

const wallMs = (wall: Wall): number =>
  Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);

/** The instant a wall time names in ZONE (9:00 is never skipped or repeated there). */
function instantOf(wall: Wall): Date {
  let guess = wallMs(wall);
  for (let step = 0; step < 3; step += 1) guess -= wallMs(wallAt(new Date(guess))) - wallMs(wall);
  return new Date(guess);
}

/** The first noon in ZONE at least a minute after `after`. */
function nextNoon(after: Date): Date {
  const today = wallAt(after);
  for (let offset = 0; offset <= 1; offset += 1) {
    const noon = instantOf({ ...today, day: today.day + offset, hour: 12, minute: 0 });
    if (noon.getTime() > after.getTime() + 60_000) return noon;
  }
  throw new Error(`no noon within a day of ${after.toISOString()}`);
}

/** The first Monday to Friday at 9:00 in ZONE after `after`. */
function nextWeekdayAtNine(after: Date): Date {
  const today = wallAt(after);
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const nine = instantOf({
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: 9,
      minute: 0,
    });
    if (nine > after) return nine;
  }
  throw new Error(`no weekday at 9:00 within a week of ${after.toISOString()}`);
}

/** "Today, 9:00 AM", "Tomorrow, 9:00 AM" or "Dec 7, 9:00 AM", as a person in ZONE reads it. */
function dueLabel(due: Date, now: Date): string {
  const time = due.toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: ZONE,
  });
  const dayOf = (instant: Date): number => {
    const wall = wallAt(instant);
    return Date.UTC(wall.year, wall.month - 1, wall.day) / 86_400_000;
  };
  const days = dayOf(due) - dayOf(now);
  if (days === 0) return `Today, ${time}`;
  if (days === 1) return `Tomorrow, ${time}`;
  const date = due.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: ZONE,
    ...(wallAt(due).year === wallAt(now).year ? {} : { year: 'numeric' }),
  });
  return `${date}, ${time}`;
}

/** Node's and Chromium's ICU may put a narrow no-break space before "AM". */
const spaced = (text: string | null): string => (text ?? '').replace(/\s/g, ' ');

const chips = (page: Page) =>
  page.getByRole('list', { name: 'Read from the title' }).getByRole('listitem');
const standup = (page: Page) =>
  page.getByRole('region', { name: 'Task list' }).getByRole('listitem').filter({
    hasText: 'Standup',
  });

describe('recurring tasks and reminders in Chromium', () => {
  it('repeats a task every weekday at 9, completes it to the next one, and reminds at its time', async () => {
    const noon = nextNoon(new Date());
    await moveClock(server(), noon);
    const context = await notifyingContext();
    // Installed before the page loads; from there the page's time runs as the server's does.
    await context.clock.install({ time: noon });
    const page = await newPage(context);
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Early Riser');
    await page.getByLabel('Email').fill(`standup-${String(Date.now())}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Nothing to do yet.').waitFor();
    // A new account is in UTC; the app proposes the browser's zone, and the person takes it.
    await page.getByRole('button', { name: `Use ${ZONE}` }).click();
    await page.getByRole('button', { name: `Use ${ZONE}` }).waitFor({ state: 'detached' });

    await page.getByLabel('New task').pressSequentially('Standup every weekday at 9');
    await expect
      .poll(async () => (await chips(page).allTextContents()).map(spaced))
      .toEqual(['Repeats every weekday', `Due ${dueLabel(nextWeekdayAtNine(noon), noon)}`]);
    await page.getByLabel('New task').press('Enter');
    const firstDue = standup(page).locator('time');
    await firstDue.waitFor();
    const first = new Date((await firstDue.getAttribute('datetime')) ?? '');
    expect(first).toEqual(nextWeekdayAtNine(noon));
    await standup(page).getByText('Repeats every weekday').waitFor();

    // A reminder at the due time, which moves with each occurrence.
    await page.getByRole('button', { name: 'Edit “Standup”' }).click();
    await page.getByLabel('Remind me').selectOption('before');
    await page.getByLabel('How long before').fill('0');
    await page.getByRole('button', { name: 'Add reminder' }).click();
    const reminderLine = page.getByText(/^At the due time · /);
    await expect
      .poll(async () => spaced(await reminderLine.textContent()))
      .toBe(`At the due time · ${dueLabel(first, noon)}`);
    // Notifications are asked for on a click, never on load. The browser context answers the
    // question in place of the person (headless Chromium cannot show the prompt).
    const allow = page.getByRole('button', { name: 'Allow notifications' });
    await allow.waitFor();
    await context.grantPermissions(['notifications'], { origin: server().url });
    await allow.click();
    await page.getByText('Reminders also show as notifications in this browser.').waitFor();
    await checkScreen(page, 'reminders-edit-form', { dark: false });
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Completing it brings it back at the next weekday at 9:00.
    const second = nextWeekdayAtNine(first);
    await page.getByRole('checkbox', { name: 'Standup' }).click();
    await standup(page).locator(`time[datetime="${second.toISOString()}"]`).waitFor();
    await expect
      .poll(async () => spaced(await standup(page).locator('time').textContent()))
      .toBe(
        `Due ${dueLabel(second, noon).replace(/^(Today|Tomorrow)/, (word) => word.toLowerCase())}`,
      );
    expect(await page.getByRole('checkbox', { name: 'Standup' }).isChecked()).toBe(false);

    // Five seconds past the reminder on the server's clock: the runner claims it on its next poll.
    const moved = await moveClock(server(), new Date(second.getTime() + 5_000));
    expect(moved.getTime()).toBeGreaterThanOrEqual(second.getTime() + 5_000);

    const toast = page.getByRole('status').filter({ hasText: 'Reminder:' });
    await expect
      .poll(async () => spaced(await toast.locator('p').textContent()))
      .toBe(`Reminder: “Standup”. Due ${dueLabel(second, noon)}.`);
    await expect
      .poll(() => page.evaluate(() => window.shownNotifications?.length ?? 0))
      .toBeGreaterThan(0);
    const shown = (await page.evaluate(() => window.shownNotifications)) ?? [];
    expect(shown).toHaveLength(1);
    const [notification] = shown;
    expect(notification?.title).toBe('Reminder: Standup');
    expect(spaced(notification?.body ?? '')).toBe(`Due ${dueLabel(second, noon)}`);
    // One per reminder and fire time, so a second tab's notification replaces the first.
    expect(notification?.tag).toMatch(/^reminder:[0-9a-f-]{36}:/);
    expect(notification?.tag.endsWith(`:${second.toISOString()}`)).toBe(true);
    await checkScreen(page, 'reminders-toast', { dark: false });
  });
});
