// The server's password rules beyond length: not the person's email or name, not on the common
// list, and not very weak by zxcvbn's estimate (with the email and name as the person's own
// words). No composition rules: a long phrase of plain words is strong, "P@ssw0rd!" is not.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

import { isCommonPassword } from './common-passwords';

export const PERSONAL_PASSWORD_MESSAGE = 'Do not use your email address or name in your password.';
export const COMMON_PASSWORD_MESSAGE =
  'This password is too common and easy to guess. Choose another one.';
export const WEAK_PASSWORD_MESSAGE =
  'This password is too easy to guess. Try a few unrelated words or a longer phrase.';

/** zxcvbn scores 0 ("too guessable", < 10^3 guesses) and 1 (< 10^6) are refused. */
export const MIN_PASSWORD_SCORE = 2;

/** Personal words shorter than this are too likely to occur by chance ("Al", "jo@..."). */
const MIN_PERSONAL_WORD_LENGTH = 3;

let factory: Promise<ZxcvbnFactory> | undefined;

// Loaded on first use: the dictionaries are large and only sign-up and password change need them.
function estimator(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
  );
  return factory;
}

/** The email, its local part and the name: words a guesser tries first. */
function personalWords(person: { email: string; name: string }): string[] {
  const email = person.email.trim().toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  const name = person.name.trim().toLowerCase();
  return [email, localPart, name].filter((word) => word.length >= MIN_PERSONAL_WORD_LENGTH);
}

/** Why the password is refused, or null when it may be used. */
export async function passwordWeakness(
  password: string,
  person: { email: string; name: string },
): Promise<string | null> {
  const words = personalWords(person);
  const lower = password.toLowerCase();
  if (words.some((word) => lower.includes(word))) return PERSONAL_PASSWORD_MESSAGE;
  if (await isCommonPassword(password)) return COMMON_PASSWORD_MESSAGE;
  const { score } = (await estimator()).check(password, words);
  return score < MIN_PASSWORD_SCORE ? WEAK_PASSWORD_MESSAGE : null;
}
