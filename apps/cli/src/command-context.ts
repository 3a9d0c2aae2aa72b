// What every command gets: where to print, where the session lives, which server to talk to.
import type { CliEnv } from './env';
import type { PromptIo } from './prompt';

export interface CliIo extends PromptIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface CommandContext {
  env: CliEnv;
  io: CliIo;
  json: boolean;
  credentialsFile: string;
  /** From --url or TASKLANE_URL, normalized; undefined when neither was given. */
  explicitUrl: string | undefined;
  /** The server the command talks to, for messages; commands update it once they know. */
  url: string;
  /** --insecure: plain http:// to a server other than this machine is allowed. */
  insecure: boolean;
  /** True while signing in, where UNAUTHORIZED means a wrong password. */
  signingIn: boolean;
}

export function print(context: CommandContext, text: string): void {
  context.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
