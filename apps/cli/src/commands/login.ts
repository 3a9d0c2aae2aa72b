// tasklane login: signs in and saves the session (0600). By default in the browser (device
// login, RFC 8628): the person approves this machine where they are already signed in, and no
// password passes through the terminal. --password (or --email) asks for email and password.
import { hostname } from 'node:os';

import { deviceLogin, DeviceLoginError, type DeviceCode, type User } from '@tasklane/api/client';
import { CLIENT_NAME_MAX_LENGTH } from '@tasklane/api/contract';

import { openInBrowser } from '../browser-opener';
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { CliError, UsageError } from '../cli-errors';
import { readStoredSession, writeStoredSession, type StoredSession } from '../credentials-store';
import { isInteractive, promptHidden, promptLine, readFirstLine } from '../prompt';
import { DEFAULT_URL, refusePlainHttp } from '../server-url';
import { CLI_USER_AGENT, fetchWithTimeout, openClient, storedSessionFrom } from '../session-client';
import { toJson } from '../task-format';

export interface LoginOptions {
  email: string | undefined;
  /** --password: email and password instead of the browser. */
  password: boolean;
}

export async function login(context: CommandContext, options: LoginOptions): Promise<void> {
  const previous = await readStoredSession(context.credentialsFile).catch(() => undefined);
  const url = context.explicitUrl ?? previous?.url ?? DEFAULT_URL;
  context.url = url;
  refusePlainHttp(url, context.insecure);

  const user =
    options.password || options.email !== undefined
      ? await passwordLogin(context, url, options.email)
      : await browserLogin(context, url);

  // The session this login replaces would otherwise stay valid until it expires.
  if (previous !== undefined && previous.url === url) {
    const replaced = openClient({
      url,
      insecure: context.insecure,
      credentials: { refreshToken: previous.refreshToken },
    });
    await replaced.signOut().catch(() => undefined);
  }

  if (context.json) print(context, toJson({ url, user }));
  else print(context, `Signed in to ${url} as ${user.name} <${user.email}>.`);
}

async function passwordLogin(
  context: CommandContext,
  url: string,
  emailOption: string | undefined,
): Promise<User> {
  const interactive = isInteractive(context.io);
  const email = emailOption ?? (interactive ? await promptLine('Email', context.io) : undefined);
  if (email === undefined || email === '') {
    throw new UsageError('Give --email (standard input is not a terminal to ask for it).');
  }
  const password =
    context.env.password ??
    (interactive
      ? await promptHidden('Password', context.io)
      : await readFirstLine(context.io.stdin));

  context.signingIn = true;
  const client = openClient({
    url,
    insecure: context.insecure,
    credentials: { email, password },
    onTokens: async (tokens) => {
      const session = storedSessionFrom(url, email, tokens);
      if (session !== undefined) await writeStoredSession(context.credentialsFile, session);
    },
  });
  const user = await client.auth.me.query();
  context.signingIn = false;
  return user;
}

/** How this machine is named on the approval page and in the account's session list. */
export function clientName(host: string): string {
  const name = host.trim() === '' ? 'Tasklane CLI' : `Tasklane CLI on ${host.trim()}`;
  // Host names are ASCII (IDNs are punycode); never leave half a character at the cut anyway.
  return name.slice(0, CLIENT_NAME_MAX_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
}

async function browserLogin(context: CommandContext, url: string): Promise<User> {
  const show = (code: DeviceCode): void => {
    // On stderr, as prompts are: stdout stays the command's answer (--json).
    context.io.stderr.write(
      `To sign in, open ${code.verificationUri}\nand enter the code ${code.userCode}` +
        ` (it expires in ${Math.round(code.expiresIn / 60)} minutes).\n`,
    );
    const opened = openInBrowser(code.verificationUriComplete, {
      platform: process.platform,
      terminal: context.io.stdout.isTTY === true,
      graphical: context.env.graphical,
      path: context.env.path,
    });
    if (opened) context.io.stderr.write('Opened it in your browser.\n');
    context.io.stderr.write('Waiting for you to approve…\n');
  };
  let session;
  try {
    session = await deviceLogin({
      url,
      clientName: clientName(hostname()),
      headers: { 'user-agent': CLI_USER_AGENT },
      fetch: fetchWithTimeout,
      onCode: show,
    });
  } catch (error) {
    if (error instanceof DeviceLoginError) {
      throw new CliError(`${error.message} Run \`tasklane login\` to try again.`);
    }
    throw error;
  }
  const stored: StoredSession = {
    url,
    email: session.user.email,
    refreshToken: session.refreshToken,
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
  };
  await writeStoredSession(context.credentialsFile, stored);
  return session.user;
}
