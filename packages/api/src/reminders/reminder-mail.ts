import { describeRecurrence, type RecurrenceRule } from '../contract/recurrence-text';
import { renderMail, type MailContent } from '../mail/mail-content';

// en-GB, as describeRecurrence writes dates (day before month) and with a 24-hour clock. The
// sentence is put together from the parts: the literals between them ("Monday, 7" or "Monday 7")
// differ between ICU versions, the names and numbers do not.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * "Monday 7 December 2026 at 09:00 (America/New_York)": the due time on the person's clock. A
 * task due on a day without a time is stored as that day's 23:59:59.999 (as the web and CLI
 * pick it), so 23:59 reads as the day alone.
 */
export function dueTimeText(dueAt: Date, timeZone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(dueAt)) parts[part.type] = part.value;
  const { weekday = '', day = '', month = '', year = '', hour = '', minute = '' } = parts;
  const time = hour === '23' && minute === '59' ? '' : ` at ${hour}:${minute}`;
  return `${weekday} ${day} ${month} ${year}${time} (${timeZone})`;
}

/** A reminder by mail (sent only to a person who turned email reminders on). */
export function reminderMail(input: {
  title: string;
  dueAt: Date | null;
  recurrence: RecurrenceRule | null;
  /** The person's IANA zone (User.timeZone): where the due time and a repeat's end are read. */
  timeZone: string;
  appUrl: string;
}): MailContent {
  const { timeZone } = input;
  const due = input.dueAt === null ? '' : ` It is due ${dueTimeText(input.dueAt, timeZone)}.`;
  const repeats =
    input.recurrence === null ? '' : ` ${describeRecurrence(input.recurrence, { timeZone })}.`;
  return renderMail({
    subject: `Reminder: ${input.title}`,
    paragraphs: [`A reminder about your task “${input.title}”.${due}${repeats}`],
    action: { label: 'Open Tasklane', url: input.appUrl },
    footer: 'You get these mails because you turned on email reminders in your account settings.',
  });
}
