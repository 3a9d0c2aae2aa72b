import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { inProcessApi, renderApp } from '../test/render-app';
import { openEditForm, tomorrowAtNine } from '../test/task-editing';

const api = inProcessApi();

describe('the recurrence picker', () => {
  it('makes a task repeat every weekday, and the task says so', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Stand-up', dueAt: tomorrowAtNine() });
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    const form = await openEditForm(user, 'Stand-up');
    // Only "Repeats" until the task repeats: the rest would be noise.
    expect(form.queryByLabelText('Ends')).toBeNull();
    await user.selectOptions(form.getByLabelText('Repeats'), 'Every weekday (Mon–Fri)');
    expect(form.getByText('Repeats every weekday')).toBeInTheDocument();
    await user.click(form.getByRole('button', { name: 'Save' }));

    await waitFor(async () => {
      const { items } = await person.caller.tasks.list({});
      expect(items[0]?.recurrence).toEqual({
        freq: 'weekly',
        interval: 1,
        byWeekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
      });
    });
    const item = screen.getByRole('checkbox', { name: 'Stand-up' }).closest('li');
    expect(item).not.toBeNull();
    expect(within(item ?? document.body).getByText('Repeats every weekday')).toBeInTheDocument();
  });

  it('sets every 2 weeks on chosen days, for 5 times', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Gym', dueAt: tomorrowAtNine() });
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    const form = await openEditForm(user, 'Gym');
    await user.selectOptions(form.getByLabelText('Repeats'), 'Weekly');
    const every = form.getByLabelText('Every how many weeks');
    await user.clear(every);
    await user.type(every, '2');
    const days = within(form.getByRole('group', { name: /^On/ }));
    await user.click(days.getByRole('checkbox', { name: 'Thursday' }));
    await user.click(days.getByRole('checkbox', { name: 'Monday' }));
    await user.selectOptions(form.getByLabelText('Ends'), 'After a number of times');
    await user.type(form.getByLabelText('How many times'), '5');
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      expect((await person.caller.tasks.list({})).items[0]?.recurrence).toEqual({
        freq: 'weekly',
        interval: 2,
        byWeekday: ['MO', 'TH'],
        count: 5,
      });
    });
    expect(await screen.findByText(/^Repeats every 2 weeks on Mon, Thu/)).toBeInTheDocument();
  });

  it('opens on the saved rule, moves it to the last day of the month, then stops it', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({
      title: 'Rent',
      dueAt: tomorrowAtNine(),
      recurrence: { freq: 'weekly', interval: 3, byWeekday: ['TU'] },
    });
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    const saved = async () => (await person.caller.tasks.list({})).items[0]?.recurrence;
    let form = await openEditForm(user, 'Rent');
    expect(form.getByLabelText('Every how many weeks')).toHaveValue('3');
    expect(form.getByRole('checkbox', { name: 'Tuesday' })).toBeChecked();
    await user.selectOptions(form.getByLabelText('Repeats'), 'Monthly');
    await user.click(form.getByRole('radio', { name: 'The last day' }));
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      expect(await saved()).toEqual({ freq: 'monthly', interval: 3, byMonthDay: [-1] });
    });

    form = await openEditForm(user, 'Rent');
    await user.selectOptions(form.getByLabelText('Repeats'), 'Does not repeat');
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      expect(await saved()).toBeNull();
    });
  });

  it('says a repeating task needs a due date, and sends nothing', async () => {
    const person = await api().signedInUser();
    await person.caller.tasks.create({ title: 'Someday' });
    renderApp(api(), { session: person.session });
    const user = userEvent.setup();
    const form = await openEditForm(user, 'Someday');
    await user.selectOptions(form.getByLabelText('Repeats'), 'Daily');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(await form.findByText('A repeating task needs a due date.')).toBeInTheDocument();
    expect(api().callsTo('tasks.update')).toEqual([]);
  });
});
