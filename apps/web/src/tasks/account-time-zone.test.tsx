// Due dates follow the account's time zone (`User.timeZone`), not the browser's: the browser here
// is in New York while the account is in Auckland, 17 or 18 hours ahead, so most of the day the
// two are on different calendar days.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { instantOfWallTime, wallTimeAt, type WallTime } from '@tasklane/api/client';
import type { InProcessUser } from '@tasklane/api/testing';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();
const ACCOUNT = 'Pacific/Auckland';
const BROWSER = 'America/New_York';

// Node applies a new TZ to Date and Intl at once.
const previousTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = BROWSER;
});
afterAll(() => {
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

type NewTask = Parameters<InProcessUser['caller']['tasks']['create']>[0];

/** A person in Auckland with these tasks, on the page. */
async function openAs(...tasks: NewTask[]) {
  const person = await api().signedInUser();
  const user = await person.caller.auth.updateProfile({ timeZone: ACCOUNT });
  for (const task of tasks) await person.caller.tasks.create(task);
  return { person, session: { ...person.session, user } };
}

async function serverDueAt(person: InProcessUser) {
  const { items } = await person.caller.tasks.list({ limit: 100, sort: 'title' });
  return items.map(({ title, dueAt }) => ({ title, dueAt }));
}

/** A day in Auckland `days` after today there, at a time (else its last instant). */
function aucklandDay(days: number, time?: { hour: number; minute: number }): Date {
  const today = wallTimeAt(new Date(), ACCOUNT);
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  const wall: WallTime = {
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    ...(time === undefined
      ? { hour: 23, minute: 59, second: 59, millisecond: 999 }
      : { ...time, second: 0, millisecond: 0 }),
  };
  return instantOfWallTime(wall, ACCOUNT);
}

const chips = () =>
  within(screen.getByRole('list', { name: 'Read from the title' }))
    .getAllByRole('listitem')
    .map((chip) => chip.textContent);

describe("due dates in the account's time zone", () => {
  it('runs with the browser in another zone', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(BROWSER);
  });

  it('reads the quick-add line in the account zone: the chip and what is saved', async () => {
    const { person, session } = await openAs();
    renderApp(api(), { session });
    await screen.findByText('Nothing to do yet.');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New task'), 'Pay rent Dec 24 2027 5pm');
    // 5 pm in Auckland is 11 pm the day before in New York.
    await waitFor(() => {
      expect(chips()).toEqual(['Due Dec 24, 2027, 5:00 PM']);
    });
    await user.keyboard('{Enter}');
    await waitFor(async () => {
      expect(await serverDueAt(person)).toEqual([
        { title: 'Pay rent', dueAt: new Date('2027-12-24T04:00:00Z') },
      ]);
    });
    expect(await screen.findByText('Due Dec 24, 2027, 5:00 PM')).toBeInTheDocument();
  });

  it('reads and shows the date and time fields in the account zone', async () => {
    const { person, session } = await openAs({
      title: 'Dentist',
      dueAt: new Date('2027-12-23T20:00:00Z'),
    });
    renderApp(api(), { session });
    // 9 am on 24 December in Auckland; 3 pm on the 23rd in New York.
    expect(await screen.findByText('Due Dec 24, 2027, 9:00 AM')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit “Dentist”' }));
    const form = screen.getByRole('form', { name: 'Edit “Dentist”' });
    expect(within(form).getByLabelText('Due date')).toHaveValue('2027-12-24');
    expect(within(form).getByLabelText(/^Due time/)).toHaveValue('09:00');

    await user.clear(within(form).getByLabelText(/^Due time/));
    await user.type(within(form).getByLabelText(/^Due time/), '07:30');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      expect(await serverDueAt(person)).toEqual([
        { title: 'Dentist', dueAt: new Date('2027-12-23T18:30:00Z') },
      ]);
    });

    // A day alone is the end of that day in Auckland.
    const composer = screen.getByRole('form', { name: 'Add a task' });
    await user.click(within(composer).getByRole('button', { name: 'More options' }));
    await user.type(within(composer).getByLabelText('New task'), 'Renew passport');
    await user.type(within(composer).getByLabelText('Due date'), '2027-12-31');
    await user.click(within(composer).getByRole('button', { name: 'Add' }));
    await waitFor(async () => {
      expect(await serverDueAt(person)).toEqual([
        { title: 'Dentist', dueAt: new Date('2027-12-23T18:30:00Z') },
        { title: 'Renew passport', dueAt: new Date('2027-12-31T10:59:59.999Z') },
      ]);
    });
  });

  it("marks today and overdue, and groups Upcoming, by the account's days", async () => {
    const { session } = await openAs(
      { title: 'Tonight', dueAt: aucklandDay(0) },
      { title: 'Tomorrow morning', dueAt: aucklandDay(1, { hour: 9, minute: 0 }) },
      { title: 'Last night', dueAt: aucklandDay(-1) },
    );
    const page = renderApp(api(), { session });
    const badge = async (title: string) =>
      (await screen.findByText(title)).closest('li')?.querySelector('time')?.textContent;
    expect(await badge('Tonight')).toBe('Due today');
    expect(await badge('Tomorrow morning')).toMatch(/^Due tomorrow, 9:00\b/);
    expect(await badge('Last night')).toBe('Overdue · Yesterday');
    expect(await screen.findByRole('button', { name: '1 due today' })).toBeInTheDocument();
    // The browser's zone is only proposed.
    expect(screen.getByText(new RegExp(`this browser is in ${BROWSER}`))).toBeInTheDocument();

    page.unmount();

    renderApp(api(), { session, search: '?view=upcoming' });
    const group = async (heading: string) => {
      const section = (await screen.findByRole('heading', { name: heading })).closest('section');
      return within(section ?? document.body)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('label')?.textContent);
    };
    expect(await group('Overdue')).toEqual(['Last night']);
    expect(await group('Today')).toEqual(['Tonight']);
    expect(await group('Tomorrow')).toEqual(['Tomorrow morning']);
  });
});
