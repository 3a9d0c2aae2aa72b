// Input schemas of the account procedures and the fields sign-in shares. Client-safe: imports only
// zod, so the web app and other services validate forms with exactly the rules the server applies. The common-password check
// needs a 50,000-word list and runs on the server only (see common-passwords.ts).
import { z } from 'zod';

import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../contract/account-rules';
import { tokenDeliverySchema } from '../sessions/token-delivery';
import { timeZoneSchema } from '../tasks/task-schemas';
import { visibleText } from '../text-rules';

/** Characters as a person counts them (code points), not UTF-16 units: an emoji is one. */
function characterCount(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR) ?? []).length;
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Control characters: never part of a name someone typed. */
const CONTROL = /\p{Cc}/u;

/** Trimmed; compared case-insensitively by the server but stored as typed. */
export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(EMAIL_MAX_LENGTH, `Use at most ${EMAIL_MAX_LENGTH} characters.`)
  .pipe(z.email({ error: 'Enter a valid email address.' }));

/** Used exactly as typed: no trimming, no normalisation, any Unicode. */
export const passwordSchema = z
  .string({ error: 'Enter a password.' })
  .refine((value) => characterCount(value) >= PASSWORD_MIN_LENGTH, {
    error: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    abort: true,
  })
  .refine((value) => characterCount(value) <= PASSWORD_MAX_LENGTH, {
    error: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  });

/**
 * An existing password being checked (sign-in, confirmation): any non-empty string up to the
 * maximum, so a rule tightened later never stops someone from signing in with an old password.
 */
export const currentPasswordSchema = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .refine((value) => characterCount(value) <= PASSWORD_MAX_LENGTH, {
    error: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  });

export const nameSchema = visibleText(
  z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, 'Enter your name.')
    .refine((value) => characterCount(value) <= NAME_MAX_LENGTH, {
      error: `Use at most ${NAME_MAX_LENGTH} characters.`,
      abort: true,
    })
    .refine((value) => !CONTROL.test(value), { error: 'Use printable characters only.' }),
);

export const signUpInput = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  tokenDelivery: tokenDeliverySchema.optional(),
});
export type SignUpInput = z.input<typeof signUpInput>;

export const changePasswordInput = z
  .strictObject({
    currentPassword: currentPasswordSchema,
    newPassword: passwordSchema,
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    error: 'Choose a password different from the current one.',
    path: ['newPassword'],
  });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

/** An IANA zone as the runtime spells it ("europe/paris" is kept as "Europe/Paris"). */
export const profileTimeZoneSchema = timeZoneSchema.transform(
  (zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone,
);

export const updateProfileInput = z
  .strictObject({
    name: nameSchema.optional(),
    /** Where the person's "today" is: the Upcoming view and the due filters use it. */
    timeZone: profileTimeZoneSchema.optional(),
    /** Reminders also by mail (off by default). */
    emailReminders: z.boolean('Must be true or false').optional(),
  })
  .refine(
    (input) =>
      input.name !== undefined ||
      input.timeZone !== undefined ||
      input.emailReminders !== undefined,
    { error: 'Nothing to update: give a name, a time zone or emailReminders.' },
  );
export type UpdateProfileInput = z.input<typeof updateProfileInput>;

export const deleteAccountInput = z.strictObject({
  password: currentPasswordSchema,
});
export type DeleteAccountInput = z.input<typeof deleteAccountInput>;

/** A token from a mailed link: its format is checked by the server, which answers one error. */
const mailedTokenSchema = z
  .string({ error: 'This link is invalid or has expired.' })
  .min(1, 'This link is invalid or has expired.')
  .max(200, 'This link is invalid or has expired.');

export const requestPasswordResetInput = z.strictObject({ email: emailSchema });
export type RequestPasswordResetInput = z.input<typeof requestPasswordResetInput>;

export const resetPasswordInput = z.strictObject({
  token: mailedTokenSchema,
  newPassword: passwordSchema,
});
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const verifyEmailInput = z.strictObject({ token: mailedTokenSchema });
export type VerifyEmailInput = z.input<typeof verifyEmailInput>;

export const requestEmailChangeInput = z.strictObject({
  newEmail: emailSchema,
  password: currentPasswordSchema,
});
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeInput>;

export const confirmEmailChangeInput = z.strictObject({ token: mailedTokenSchema });
export type ConfirmEmailChangeInput = z.input<typeof confirmEmailChangeInput>;
