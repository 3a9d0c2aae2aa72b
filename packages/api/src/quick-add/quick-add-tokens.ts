// The marked words of a quick-add line: `#tag`, `!high`/`!medium`/`!low` and `^List` (or
// `^"Two words"`). A marked word is a whole whitespace-separated word, so "C#" or "Hi!" are text.
import { LIST_LIMITS } from '../contract/list-rules';
import { TASK_LIMITS, TASK_PRIORITIES, type TaskPriority } from '../contract/task-rules';

const LIST_NAME_MAX_LENGTH = LIST_LIMITS.nameMaxLength;

export type MarkedWord = { start: number; end: number; text: string } & (
  | { kind: 'tag'; tag: string }
  | { kind: 'priority'; priority: TaskPriority }
  | { kind: 'list'; listName: string }
  /** Starts with a mark but is not a valid token ("#2", "^", "!urgent"): stays in the title. */
  | { kind: 'other' }
);

// A tag starts with a letter, so "#2" (an issue number) stays text; then letters, marks,
// digits, "_" and "-".
const TAG = /^#(\p{L}[\p{L}\p{M}\p{N}_-]*)$/u;
const QUOTES: Readonly<Record<string, string>> = { '"': '"', '“': '”', '„': '“' };

function priorityOf(word: string): TaskPriority | undefined {
  const name = word.slice(1).toLowerCase();
  return TASK_PRIORITIES.find((priority) => priority === name);
}

function otherWord(line: string, start: number): MarkedWord {
  const text = /^\S+/u.exec(line.slice(start))?.[0] ?? '';
  return { kind: 'other', start, end: start + text.length, text };
}

/** `^"Two words"` from `start` (at the `^`), or null when no quote follows the `^`. */
function quotedList(line: string, start: number): MarkedWord | null {
  const open = line[start + 1];
  const close = open === undefined ? undefined : QUOTES[open];
  if (close === undefined) return null;
  const end = line.indexOf(close, start + 2);
  const after = end === -1 ? undefined : line[end + 1];
  // An unclosed quote, or one closed inside a word, is text.
  if (end === -1 || (after !== undefined && !/\s/u.test(after))) return otherWord(line, start);
  const listName = line.slice(start + 2, end).trim();
  const text = line.slice(start, end + 1);
  if (listName === '' || listName.length > LIST_NAME_MAX_LENGTH) {
    return { kind: 'other', start, end: end + 1, text };
  }
  return { kind: 'list', listName, start, end: end + 1, text };
}

function markedWord(line: string, word: RegExpExecArray): MarkedWord | null {
  const text = word[0];
  const start = word.index;
  const end = start + text.length;
  switch (text[0]) {
    case '#': {
      const tag = TAG.exec(text)?.[1]?.toLowerCase();
      return tag === undefined || tag.length > TASK_LIMITS.tagMaxLength
        ? { kind: 'other', start, end, text }
        : { kind: 'tag', tag, start, end, text };
    }
    case '!': {
      const priority = priorityOf(text);
      return priority === undefined
        ? { kind: 'other', start, end, text }
        : { kind: 'priority', priority, start, end, text };
    }
    case '^': {
      const quoted = quotedList(line, start);
      if (quoted !== null) return quoted;
      const listName = text.slice(1);
      return listName === '' || listName.length > LIST_NAME_MAX_LENGTH
        ? { kind: 'other', start, end, text }
        : { kind: 'list', listName, start, end, text };
    }
    default:
      return null;
  }
}

/** Every word of `line` that starts with `#`, `!` or `^`, in order. */
export function findMarkedWords(line: string): MarkedWord[] {
  const found: MarkedWord[] = [];
  const words = /\S+/gu;
  for (let word = words.exec(line); word !== null; word = words.exec(line)) {
    const marked = markedWord(line, word);
    if (marked === null) continue;
    found.push(marked);
    // A quoted list name may hold spaces: go on after its closing quote.
    words.lastIndex = Math.max(words.lastIndex, marked.end);
  }
  return found;
}
