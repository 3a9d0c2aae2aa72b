// The bounds of what a person types to sign up and sign in, counted in characters as a person
// counts them. The zod schemas (accounts/account-schemas.ts) and the form hints both read them from here.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
