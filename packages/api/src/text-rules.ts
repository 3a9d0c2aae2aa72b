// What text people type may hold, in one place for every text field (task titles, descriptions,
// tags, searches; names). Client-safe: imports only zod.
import type { z } from 'zod';

/** PostgreSQL text cannot hold U+0000: refused here, it is a field error, not a crash. */
export const NULL_CHARACTER_MESSAGE = 'Must not contain the null character';

/**
 * An unpaired UTF-16 surrogate is half of a character (a cut emoji): it is not text, and the
 * database would silently store U+FFFD in its place.
 */
export const BROKEN_CHARACTER_MESSAGE =
  'Contains a broken character (half of an emoji or symbol). Retype or paste the text again.';

/** Zero-width and direction marks only: a name nobody could see or read. */
export const INVISIBLE_TEXT_MESSAGE =
  'Use visible characters: zero-width and direction marks alone are not a name.';

const LONE_SURROGATE = /\p{Cs}/u;
/** Anything but format characters (\p{Cf}: zero-width, bidi controls) and white space. */
const VISIBLE = /[^\p{Cf}\p{White_Space}]/u;

export function hasNullCharacter(text: string): boolean {
  return text.includes('\u0000');
}

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Refuses what no text field may hold: the null character and lone surrogates. */
export function wellFormedText(schema: z.ZodString): z.ZodString {
  return schema
    .refine((text) => !hasNullCharacter(text), NULL_CHARACTER_MESSAGE)
    .refine((text) => !hasLoneSurrogate(text), BROKEN_CHARACTER_MESSAGE);
}

/** A well-formed text with at least one visible character (names). */
export function visibleText(schema: z.ZodString): z.ZodString {
  // Empty text is the length rule's to report, once.
  return wellFormedText(schema).refine(
    (text) => text === '' || VISIBLE.test(text),
    INVISIBLE_TEXT_MESSAGE,
  );
}
