import { renderMail, type MailContent } from '../mail-content';

/** To the new address: the link that makes it the account's email. */
export function emailChangeMail(input: { name: string; link: string }): MailContent {
  return renderMail({
    subject: 'Confirm your new email address for Tasklane',
    paragraphs: [
      `Hello ${input.name},`,
      'You asked to use this address for your Tasklane account. Your email changes once you follow the link below; it works once, for 24 hours.',
    ],
    action: { label: 'Use this email address', url: input.link },
    footer: 'If you did not ask for this, ignore this mail: nothing changes.',
  });
}

/** To the current address, when a change to another one is asked for. */
export function emailChangeRequestedMail(input: {
  name: string;
  newEmail: string;
  appUrl: string;
}): MailContent {
  return renderMail({
    subject: 'Your Tasklane email address is about to change',
    paragraphs: [
      `Hello ${input.name},`,
      `Someone signed in to your Tasklane account asked to change its email address to ${input.newEmail}. It changes only once the link we sent to that address is followed.`,
      `If this was not you, change your password now at ${input.appUrl}/account, which also signs out every other device.`,
    ],
  });
}

/** To the old address, once the change is done. */
export function emailChangedMail(input: {
  name: string;
  newEmail: string;
  appUrl: string;
}): MailContent {
  return renderMail({
    subject: 'Your Tasklane email address was changed',
    paragraphs: [
      `Hello ${input.name},`,
      `The email address of your Tasklane account is now ${input.newEmail}, and every other device was signed out. We will not write to this address again.`,
      `If this was not you, someone else knows your password: tell the people who run ${input.appUrl} at once.`,
    ],
  });
}

/** To an address that already has an account, instead of a link (it reveals nothing to the asker). */
export function emailInUseMail(input: { appUrl: string }): MailContent {
  return renderMail({
    subject: 'Someone tried to use this address for Tasklane',
    paragraphs: [
      'Hello,',
      'Someone signed in to another Tasklane account asked to move it to this email address. This address already belongs to your account, so nothing changed.',
      `If you forgot your password, you can choose a new one at ${input.appUrl}/forgot-password.`,
    ],
  });
}
