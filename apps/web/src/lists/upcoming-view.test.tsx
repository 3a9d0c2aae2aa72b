// Upcoming reads past its first page: a person with more overdue tasks than a page holds still
// sees what is due today and tomorrow.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { instantOfWallTime, wallTimeAt } from '@tasklane/api/client';
import { TASK_LIMITS } from '@tasklane/api/contract';

import { inProcessApi, renderApp } from '../test/render-app';

const api = inProcessApi();
const ZONE = 'Europe/Berlin';

/** 9:00 in Berlin, `days` after today there. */
function berlinMorning(days: number): Date {
  const today = wallTimeAt(new Date(), ZONE);
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  return instantOfWallTime(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: 9,
      minute: 0,
      second: 0,
      millisecond: 0,
    },
    ZONE,
  );
}

const groupTitles = async (heading: string) => {
  const section = (await screen.findByRole('heading', { name: heading })).closest('section');
  return within(section ?? document.body)
    .getAllByRole('listitem')
    .map((item) => item.querySelector('label')?.textContent);
};

describe('Upcoming', () => {
  it('shows Today and Tomorrow behind more overdue tasks than one page holds', async () => {
    const person = await api().signedInUser();
    const user = await person.caller.auth.updateProfile({ timeZone: ZONE });
    const overdue = TASK_LIMITS.pageSizeMax + 20;
    // Inserted in one statement: a page and more of them through the API would take most of the
    // test's time.
    await api()
      .services.db.insertInto('tasks')
      .values(
        Array.from({ length: overdue }, (_, i) => ({
          user_id: person.user.id,
          title: `Late ${i}`,
          due_at: berlinMorning(-30 + (i % 20)),
        })),
      )
      .execute();
    await person.caller.tasks.create({ title: 'Tomorrow at nine', dueAt: berlinMorning(1) });
    await person.caller.tasks.create({ title: 'In a month', dueAt: berlinMorning(30) });

    renderApp(api(), { session: { ...person.session, user }, search: '?view=upcoming' });

    expect(await groupTitles('Tomorrow')).toEqual(['Tomorrow at nine']);
    expect(await groupTitles('Overdue')).toHaveLength(overdue);
    expect(screen.queryByText('In a month')).not.toBeInTheDocument();
    expect(screen.queryByText(/Showing the .* tasks due soonest/)).not.toBeInTheDocument();
    // Two pages: the second reached past the last day shown, so no third was read.
    const upcomingReads = api()
      .callsTo('tasks.list')
      .filter(
        (input) =>
          typeof input === 'object' && input !== null && 'sort' in input && input.sort === 'due',
      );
    expect(upcomingReads).toHaveLength(2);
  });
});
