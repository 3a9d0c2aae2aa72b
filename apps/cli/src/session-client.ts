// Opens the typed client on the stored session. Refresh tokens rotate on every refresh, so each
// new token is saved before the call that caused the refresh goes on.
import {
  createTasklaneClient,
  type TasklaneClient,
  type TasklaneCredentials,
  type TasklaneTokens,
} from '@tasklane/api/client';

import packageJson from '../package.json' with { type: 'json' };
import { CliError } from './cli-errors';
import { readStoredSession, writeStoredSession, type StoredSession } from './credentials-store';
import { refusePlainHttp } from './server-url';

/** A server that accepts the connection but never answers must not hang the shell. */
export const REQUEST_TIMEOUT_MS = 30_000;
export const CLI_VERSION = packageJson.version;
/** Names this device in the server's session list. */
export const CLI_USER_AGENT = `tasklane-cli/${CLI_VERSION} (${process.platform})`;

function isEventStream(init: RequestInit | undefined): boolean {
  return new Headers(init?.headers).get('accept')?.includes('text/event-stream') === true;
}

export const fetchWithTimeout: typeof fetch = async (input, init) => {
  if (!isEventStream(init)) {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  }
  // A live stream (tasklane watch) never finishes by itself: only the wait for its answer is
  // bounded, and its heartbeats tell the client when a connection died after that.
  const answer = new AbortController();
  const timer = setTimeout(() => {
    answer.abort(new DOMException('No answer in time', 'TimeoutError'));
  }, REQUEST_TIMEOUT_MS);
  const signal = init?.signal ? AbortSignal.any([init.signal, answer.signal]) : answer.signal;
  try {
    return await fetch(input, { ...init, signal });
  } finally {
    clearTimeout(timer);
  }
};

export function openClient(options: {
  url: string;
  /** --insecure: see refusePlainHttp. */
  insecure: boolean;
  credentials: TasklaneCredentials;
  onTokens?: (tokens: TasklaneTokens) => Promise<void>;
}): TasklaneClient {
  const { insecure, ...clientOptions } = options;
  // Every connection passes here, whether its URL came from the command line or the saved session.
  refusePlainHttp(options.url, insecure);
  return createTasklaneClient({
    ...clientOptions,
    headers: { 'user-agent': CLI_USER_AGENT },
    fetch: fetchWithTimeout,
  });
}

export function storedSessionFrom(
  url: string,
  email: string,
  tokens: TasklaneTokens,
): StoredSession | undefined {
  if (tokens.refreshToken === undefined) return undefined;
  return {
    url,
    email,
    refreshToken: tokens.refreshToken,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
  };
}

export interface OpenSession {
  client: TasklaneClient;
  stored: StoredSession;
}

/** The client on the saved session; `explicitUrl` (from --url or TASKLANE_URL) must match it. */
export async function openStoredSession(options: {
  credentialsFile: string;
  explicitUrl: string | undefined;
  insecure: boolean;
}): Promise<OpenSession> {
  const { credentialsFile: path, explicitUrl } = options;
  const stored = await readStoredSession(path);
  if (stored === undefined) throw new CliError('Not logged in. Run `tasklane login` first.');
  if (explicitUrl !== undefined && explicitUrl !== stored.url) {
    throw new CliError(
      `Logged in to ${stored.url}, not ${explicitUrl}. Run \`tasklane login --url ${explicitUrl}\` to sign in there.`,
    );
  }
  const expiresAt =
    stored.accessTokenExpiresAt === undefined ? undefined : new Date(stored.accessTokenExpiresAt);
  const cachedAccessToken =
    stored.accessToken !== undefined &&
    expiresAt !== undefined &&
    !Number.isNaN(expiresAt.getTime())
      ? { token: stored.accessToken, expiresAt }
      : undefined;
  const client = openClient({
    url: stored.url,
    insecure: options.insecure,
    credentials: {
      refreshToken: stored.refreshToken,
      ...(cachedAccessToken && { cachedAccessToken }),
    },
    onTokens: async (tokens) => {
      const next = storedSessionFrom(stored.url, stored.email, tokens);
      if (next !== undefined) await writeStoredSession(path, next);
    },
  });
  return { client, stored };
}
