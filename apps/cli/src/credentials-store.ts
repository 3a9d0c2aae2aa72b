// The signed-in session on disk: $XDG_CONFIG_HOME/tasklane/credentials.json, readable by the
// user alone (0600). Written atomically, so a crash never leaves half a token behind.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { CliError } from './cli-errors';

export interface StoredSession {
  /** The server this session belongs to; its tokens are never sent anywhere else. */
  url: string;
  email: string;
  refreshToken: string;
  accessToken?: string;
  /** ISO timestamp. */
  accessTokenExpiresAt?: string;
}

export function credentialsPath(configHome: string): string {
  return join(configHome, 'tasklane', 'credentials.json');
}

export async function readStoredSession(path: string): Promise<StoredSession | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw new CliError(`Cannot read ${path}: ${errorMessage(error)}`);
  }
  const session = parseStoredSession(text);
  if (session === undefined) {
    throw new CliError(`${path} is damaged. Run \`tasklane login\` to sign in again.`);
  }
  return session;
}

export async function writeStoredSession(path: string, session: StoredSession): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(session, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    // The mode given at creation is reduced by the umask; make it exactly 0600.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`Cannot save the session to ${path}: ${errorMessage(error)}`);
  }
}

/** True when there was a file to remove. */
export async function removeStoredSession(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if (isMissingFile(error)) return false;
    throw new CliError(`Cannot remove ${path}: ${errorMessage(error)}`);
  }
}

function parseStoredSession(text: string): StoredSession | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { url, email, refreshToken, accessToken, accessTokenExpiresAt } = record;
  if (typeof url !== 'string' || typeof email !== 'string' || typeof refreshToken !== 'string') {
    return undefined;
  }
  const session: StoredSession = { url, email, refreshToken };
  if (typeof accessToken === 'string' && typeof accessTokenExpiresAt === 'string') {
    session.accessToken = accessToken;
    session.accessTokenExpiresAt = accessTokenExpiresAt;
  }
  return session;
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
