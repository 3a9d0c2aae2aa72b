import { renderMail, type MailContent } from '../mail/mail-content';

/** A reminder by mail (sent only to a person who turned email reminders on). */
export function reminderMail(input: {
  title: string;
  dueAt: Date | null;
  appUrl: string;
}): MailContent {
  const due = input.dueAt === null ? '' : ` It is due ${input.dueAt.toUTCString()}.`;
  return renderMail({
    subject: `Reminder: ${input.title}`,
    paragraphs: [`A reminder about your task “${input.title}”.${due}`],
    action: { label: 'Open Tasklane', url: input.appUrl },
    footer: 'You get these mails because you turned on email reminders in your account settings.',
  });
}
