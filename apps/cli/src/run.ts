// Runs one command line and turns every outcome into an exit code and at most one line on stderr.
import { EXIT_OK, EXIT_USAGE, describeFailure } from './cli-errors';
import { parseCliArgs } from './cli-args';
import { print, type CliIo, type CommandContext } from './command-context';
import { add } from './commands/add';
import { complete } from './commands/complete';
import { list } from './commands/list';
import { lists } from './commands/lists';
import { login } from './commands/login';
import { logout } from './commands/logout';
import { remove } from './commands/remove';
import { watch } from './commands/watch';
import { credentialsPath } from './credentials-store';
import type { CliEnv } from './env';
import { commandHelp, USAGE } from './help';
import { completionScript } from './completion';
import { DEFAULT_URL, normalizeUrl, refusePlainHttp } from './server-url';
import { CLI_VERSION } from './session-client';
import { styleFor } from './style';

export async function runCli(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  const context: CommandContext = {
    env,
    io,
    json: false,
    credentialsFile: credentialsPath(env.configHome),
    explicitUrl: undefined,
    url: env.url ?? DEFAULT_URL,
    insecure: false,
    signingIn: false,
  };
  try {
    const args = parseCliArgs(argv);
    context.json = args.global.json;
    const explicitUrl = args.global.url ?? env.url;
    context.explicitUrl = explicitUrl === undefined ? undefined : normalizeUrl(explicitUrl);
    context.url = context.explicitUrl ?? DEFAULT_URL;
    context.insecure = args.global.insecure;
    // Before any prompt: a refused server is never sent anything.
    if (context.explicitUrl !== undefined) refusePlainHttp(context.explicitUrl, context.insecure);

    if (args.global.version) {
      print(context, CLI_VERSION);
      return EXIT_OK;
    }
    switch (args.command) {
      case undefined:
        if (args.helpFor !== undefined) {
          print(context, commandHelp(args.helpFor));
          return EXIT_OK;
        }
        if (args.global.help) {
          print(context, USAGE);
          return EXIT_OK;
        }
        io.stderr.write(USAGE);
        return EXIT_USAGE;
      case 'login':
        await login(context, { email: args.email, password: args.password });
        break;
      case 'logout':
        await logout(context);
        break;
      case 'ls':
        await list(context, args);
        break;
      case 'lists':
        await lists(context, args.action);
        break;
      case 'add':
        await add(context, args);
        break;
      case 'done':
        await complete(context, args.idPrefix);
        break;
      case 'rm':
        await remove(context, args.idPrefix);
        break;
      case 'watch':
        await watch(context);
        break;
      case 'completion':
        print(context, completionScript(args.shell));
        break;
    }
    return EXIT_OK;
  } catch (error) {
    const failure = describeFailure(error, context);
    io.stderr.write(`${styleFor(io.stderr)(['bold', 'red'], 'tasklane:')} ${failure.message}\n`);
    if (failure.unexpected && env.debug && error instanceof Error && error.stack !== undefined) {
      io.stderr.write(`${error.stack}\n`);
    }
    return failure.exitCode;
  }
}
