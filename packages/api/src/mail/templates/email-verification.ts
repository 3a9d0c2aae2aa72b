import { renderMail, type MailContent } from '../mail-content';

export function emailVerificationMail(input: { name: string; link: string }): MailContent {
  return renderMail({
    subject: 'Confirm your email address for Tasklane',
    paragraphs: [
      `Hello ${input.name},`,
      'Please confirm that this is your email address, so we can reach you if you ever forget your password. The link below works once, for 24 hours.',
    ],
    action: { label: 'Confirm my email address', url: input.link },
    footer: 'If you did not create a Tasklane account, ignore this mail.',
  });
}
