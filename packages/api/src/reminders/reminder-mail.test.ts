import { describe, expect, it } from 'vitest';

import { dueTimeText, reminderMail } from './reminder-mail';

describe('dueTimeText', () => {
  it('reads the due instant on the clock of the zone, on either side of a daylight-saving change', () => {
    // New York goes from UTC-5 to UTC-4 at 2:00 on 10 March 2030 and back on 3 November.
    expect(dueTimeText(new Date('2030-03-10T06:30:00Z'), 'America/New_York')).toBe(
      'Sunday 10 March 2030 at 01:30 (America/New_York)',
    );
    expect(dueTimeText(new Date('2030-03-10T07:30:00Z'), 'America/New_York')).toBe(
      'Sunday 10 March 2030 at 03:30 (America/New_York)',
    );
    expect(dueTimeText(new Date('2030-11-04T14:00:00Z'), 'America/New_York')).toBe(
      'Monday 4 November 2030 at 09:00 (America/New_York)',
    );
    expect(dueTimeText(new Date('2026-12-07T14:00:00Z'), 'America/New_York')).toBe(
      'Monday 7 December 2026 at 09:00 (America/New_York)',
    );
  });

  it('writes midnight as 00:00 and moves the day with the zone', () => {
    expect(dueTimeText(new Date('2030-06-02T22:00:00Z'), 'Europe/Berlin')).toBe(
      'Monday 3 June 2030 at 00:00 (Europe/Berlin)',
    );
    expect(dueTimeText(new Date('2030-06-02T22:00:00Z'), 'UTC')).toBe(
      'Sunday 2 June 2030 at 22:00 (UTC)',
    );
  });

  it('gives the day alone for a task due on a day without a time (stored as its last instant)', () => {
    // 23:59:59.999 on 4 November 2030 in New York (UTC-5).
    expect(dueTimeText(new Date('2030-11-05T04:59:59.999Z'), 'America/New_York')).toBe(
      'Monday 4 November 2030 (America/New_York)',
    );
  });
});

describe('reminderMail', () => {
  it('says how the task repeats, its end read in the zone, and escapes the title in the HTML part', () => {
    const mail = reminderMail({
      title: 'Pay <rent> & "fees"',
      dueAt: new Date('2030-06-03T13:00:00Z'),
      // 02:00 UTC on 1 January 2031 is still 31 December in New York.
      recurrence: {
        freq: 'monthly',
        interval: 1,
        byMonthDay: [1],
        until: new Date('2031-01-01T02:00:00Z'),
      },
      timeZone: 'America/New_York',
      appUrl: 'http://app.test',
    });
    const sentence =
      'It is due Monday 3 June 2030 at 09:00 (America/New_York). ' +
      'Repeats every month on the 1st until 31 Dec 2030.';
    expect(mail.text).toContain(`A reminder about your task “Pay <rent> & "fees"”. ${sentence}`);
    expect(mail.html).toContain(
      `<p>A reminder about your task “Pay &lt;rent&gt; &amp; &quot;fees&quot;”. ${sentence}</p>`,
    );
    expect(mail.html).not.toContain('<rent>');
  });

  it('leaves the due sentence out for a task without a due time', () => {
    const mail = reminderMail({
      title: 'Call Ana',
      dueAt: null,
      recurrence: null,
      timeZone: 'Europe/Berlin',
      appUrl: 'http://app.test',
    });
    expect(mail.text).toContain('A reminder about your task “Call Ana”.\n');
    expect(mail.text).not.toContain('due');
  });
});
