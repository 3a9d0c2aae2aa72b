// Keeps the embedded database's folder private to the account running Tasklane: it holds every
// password hash, email and task, and PostgreSQL trusts whatever its catalog files say.
import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Group and other permission bits: none of them may be set on anything in the folder. */
const OPEN_TO_OTHERS = 0o077;

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/**
 * Creates `dir` with mode 0700 (or tightens an existing one) and removes the group and other bits
 * from everything inside, refusing with a clear message when that is not possible. Also adds
 * 077 to the process umask: PGlite creates PostgreSQL's folders through Node's `fs` in this
 * process, and they would otherwise be created 0755.
 */
export function preparePrivateDataDir(dir: string): void {
  restrictProcessUmask();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DataDirError(`Cannot create the database folder ${dir}: ${describe(error)}`);
  }
  closeToOthers(dir);
}

/**
 * Removes the group and other bits from `dir` and everything under it (symbolic links are not
 * followed). PGlite copies the files of a new database into the folder with mode 0666 and sets
 * that mode explicitly, past any umask, so this runs again once a new database is ready.
 */
export function closeToOthers(dir: string): void {
  const stats = statOrExplain(dir);
  if (!stats.isDirectory()) {
    throw new DataDirError(`The database folder ${dir} is not a folder.`);
  }
  tighten(dir, stats);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const entry = statOrExplain(path);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) closeToOthers(path);
    else tighten(path, entry);
  }
}

function tighten(path: string, stats: Stats): void {
  if ((stats.mode & OPEN_TO_OTHERS) === 0) return;
  try {
    chmodSync(path, stats.mode & 0o7777 & ~OPEN_TO_OTHERS);
  } catch (error) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
    throw new DataDirError(
      `The database folder holds ${path} with mode ${mode}, open to other users on this ` +
        `machine, and Tasklane cannot make it private (${describe(error)}). Run ` +
        `"chmod -R go-rwx <the folder>" as its owner, then start Tasklane again.`,
    );
  }
}

function statOrExplain(path: string): Stats {
  try {
    return lstatSync(path);
  } catch (error) {
    throw new DataDirError(`Cannot read ${path} in the database folder: ${describe(error)}`);
  }
}

function restrictProcessUmask(): void {
  // Worker threads share the process umask and may not change it; their main thread does.
  if (!isMainThread) return;
  const previous = process.umask(OPEN_TO_OTHERS);
  process.umask(previous | OPEN_TO_OTHERS);
}

function describe(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : String(error);
}
