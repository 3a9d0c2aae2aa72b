// Search words as ILIKE patterns. Every word is matched as plain text: the LIKE wildcards `%`
// and `_` and the escape character `\` are escaped, and quotes are ordinary characters because
// patterns travel as bound parameters, never inside the SQL text.
import { searchWords } from './task-schemas';

/** `%word%` with the word's `\`, `%` and `_` escaped for PostgreSQL's default LIKE escape `\`. */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** One pattern per distinct word; a task matches when every pattern is in its title or description. */
export function searchPatterns(search: string | undefined): string[] {
  return search === undefined ? [] : searchWords(search).map(containsPattern);
}
