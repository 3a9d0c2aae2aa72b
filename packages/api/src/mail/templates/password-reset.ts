import { renderMail, type MailContent } from '../mail-content';

export function passwordResetMail(input: { name: string; link: string }): MailContent {
  return renderMail({
    subject: 'Reset your Tasklane password',
    paragraphs: [
      `Hello ${input.name},`,
      'Someone (we hope you) asked to reset the password of your Tasklane account. The link below works once, for one hour.',
    ],
    action: { label: 'Choose a new password', url: input.link },
    footer: 'If you did not ask for this, ignore this mail: your password stays as it is.',
  });
}
