import { renderMail, type MailContent } from '../mail-content';

export function passwordChangedMail(input: { name: string; appUrl: string }): MailContent {
  return renderMail({
    subject: 'Your Tasklane password was changed',
    paragraphs: [
      `Hello ${input.name},`,
      'The password of your Tasklane account was just changed, and every other device was signed out.',
      `If this was not you, reset your password now at ${input.appUrl}/forgot-password and check your account.`,
    ],
  });
}
