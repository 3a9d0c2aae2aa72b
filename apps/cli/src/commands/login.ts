// tasklane login: signs in with email and password and saves the session (0600).
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { UsageError } from '../cli-errors';
import { readStoredSession, writeStoredSession } from '../credentials-store';
import { isInteractive, promptHidden, promptLine, readFirstLine } from '../prompt';
import { DEFAULT_URL, refusePlainHttp } from '../server-url';
import { openClient, storedSessionFrom } from '../session-client';
import { toJson } from '../task-format';

export async function login(
  context: CommandContext,
  emailOption: string | undefined,
): Promise<void> {
  const previous = await readStoredSession(context.credentialsFile).catch(() => undefined);
  const url = context.explicitUrl ?? previous?.url ?? DEFAULT_URL;
  context.url = url;
  refusePlainHttp(url, context.insecure);

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
