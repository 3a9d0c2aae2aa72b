// tasklane logout: revokes the session on the server and forgets it here.
import type { CommandContext } from '../command-context';
import { print } from '../command-context';
import { WithNote } from '../cli-errors';
import { readStoredSession, removeStoredSession } from '../credentials-store';
import { openStoredSession } from '../session-client';
import { toJson } from '../task-format';

export async function logout(context: CommandContext): Promise<void> {
  if ((await readStoredSession(context.credentialsFile)) === undefined) {
    print(context, context.json ? toJson({ signedOut: false }) : 'Not logged in.');
    return;
  }
  const { client, stored } = await openStoredSession(context);
  context.url = stored.url;
  try {
    await client.signOut();
  } catch (error) {
    // Forget the session here anyway: the person asked to be signed out on this machine.
    await removeStoredSession(context.credentialsFile);
    throw new WithNote(
      error,
      'The session was forgotten here but could not be revoked on the server.',
    );
  }
  await removeStoredSession(context.credentialsFile);
  print(context, context.json ? toJson({ signedOut: true }) : `Signed out of ${stored.url}.`);
}
