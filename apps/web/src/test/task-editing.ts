// Opening a task's edit form as a person does, for the tests of what the form holds.
import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/** 9:00 tomorrow in the test's time zone: a due time every test of a future reminder can use. */
export function tomorrowAtNine(): Date {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

/** Clicks "Edit" on the task titled `title` once it shows, and returns queries within its form. */
export async function openEditForm(user: UserEvent, title: string) {
  await user.click(await screen.findByRole('button', { name: `Edit “${title}”` }));
  return within(screen.getByRole('form', { name: `Edit “${title}”` }));
}
