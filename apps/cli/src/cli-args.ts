// Parses the command line with node:util's parseArgs: a command, its arguments and options.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

import { UsageError } from './cli-errors';
import {
  COMMANDS,
  GLOBAL_OPTIONS,
  SHELLS,
  isCommand,
  type CommandName,
  type OptionSpec,
  type Shell,
} from './command-specs';

/** node:util's parseArgs configuration of a set of option specs. */
function parseArgsConfig(options: Readonly<Record<string, OptionSpec>>): ParseArgsOptionsConfig {
  const config: ParseArgsOptionsConfig = {};
  for (const [name, option] of Object.entries(options)) {
    config[name] = {
      type: option.value === undefined ? 'boolean' : 'string',
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.multiple === true ? { multiple: true } : {}),
    };
  }
  return config;
}

const GLOBAL_CONFIG = parseArgsConfig(GLOBAL_OPTIONS);

const ALL_OPTIONS = Object.assign(
  {},
  GLOBAL_CONFIG,
  ...Object.values(COMMANDS).map((command) => parseArgsConfig(command.options)),
) as ParseArgsOptionsConfig;

export interface GlobalArgs {
  url: string | undefined;
  json: boolean;
  help: boolean;
  version: boolean;
  /** Allow a plain http:// server other than this machine. */
  insecure: boolean;
}

export type ParsedArgs =
  /** No command, or --help: `helpFor` names the command whose help was asked for. */
  | { command: undefined; global: GlobalArgs; helpFor?: CommandName }
  | { command: 'completion'; global: GlobalArgs; shell: Shell }
  | { command: 'login'; global: GlobalArgs; email: string | undefined; password: boolean }
  | { command: 'logout' | 'watch'; global: GlobalArgs }
  | {
      command: 'ls';
      global: GlobalArgs;
      status: 'active' | 'all' | 'completed';
      search: string | undefined;
    }
  | {
      command: 'add';
      global: GlobalArgs;
      title: string;
      due: string | undefined;
      priority: string | undefined;
      tags: string[];
      literal: boolean;
    }
  | { command: 'done' | 'rm'; global: GlobalArgs; idPrefix: string };

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  // First find the command, then parse again with only the options that command accepts.
  const first = parseArgs({
    args: [...argv],
    options: ALL_OPTIONS,
    allowPositionals: true,
    strict: false,
  });
  const name = first.positionals[0];
  if (name !== undefined && !isCommand(name)) {
    throw new UsageError(`Unknown command "${name}". Run \`tasklane --help\` for the commands.`);
  }
  const options: ParseArgsOptionsConfig =
    name === undefined
      ? GLOBAL_CONFIG
      : { ...GLOBAL_CONFIG, ...parseArgsConfig(COMMANDS[name].options) };
  const { values, positionals } = parse(argv, options, name);
  const rest = positionals.slice(1);
  const global: GlobalArgs = {
    url: stringValue(values.url),
    json: values.json === true,
    help: values.help === true,
    version: values.version === true,
    insecure: values.insecure === true,
  };
  if (name === undefined) return { command: undefined, global };
  if (global.help) return { command: undefined, global, helpFor: name };

  switch (name) {
    case 'login':
      expectArguments({ command: name, args: rest }, 0);
      return {
        command: name,
        global,
        email: stringValue(values.email),
        password: values.password === true,
      };
    case 'logout':
    case 'watch':
      expectArguments({ command: name, args: rest }, 0);
      return { command: name, global };
    case 'ls': {
      expectArguments({ command: name, args: rest }, 0);
      if (values.all === true && values.done === true) {
        throw new UsageError('Give either --all or --done, not both.');
      }
      const status = values.all === true ? 'all' : values.done === true ? 'completed' : 'active';
      return { command: name, global, status, search: stringValue(values.search) };
    }
    case 'add': {
      const [title] = expectArguments(
        { command: name, args: rest },
        1,
        'a title, e.g. tasklane add "Buy milk"',
      );
      const tags = Array.isArray(values.tag)
        ? values.tag.filter((tag) => typeof tag === 'string')
        : [];
      return {
        command: name,
        global,
        title,
        due: stringValue(values.due),
        priority: stringValue(values.priority),
        tags,
        literal: values.literal === true,
      };
    }
    case 'completion': {
      const [shell] = expectArguments(
        { command: name, args: rest },
        1,
        'a shell: bash, zsh or fish',
      );
      if (!isShell(shell)) {
        throw new UsageError(`tasklane completion knows bash, zsh and fish, not "${shell}".`);
      }
      return { command: name, global, shell };
    }
    case 'done':
    case 'rm': {
      const [idPrefix] = expectArguments(
        { command: name, args: rest },
        1,
        'a task id or the start of one, as `tasklane ls` shows',
      );
      return { command: name, global, idPrefix };
    }
  }
}

function parse(argv: readonly string[], options: ParseArgsOptionsConfig, command?: string) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error, command));
  }
}

/** parseArgs' messages, shortened to what a person at the shell needs. */
function parseErrorMessage(error: unknown, command: string | undefined): string {
  const where = command === undefined ? 'tasklane' : `tasklane ${command}`;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    return `Unknown option ${option} for ${where}. Run \`${where} --help\` for the options.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[a-z]+/.exec(message)?.[0];
    if (name !== undefined && message.includes('argument missing')) return `${name} needs a value.`;
    if (name !== undefined) return `${name} takes no value.`;
  }
  return `${message.split('\n')[0] ?? message} (${where})`;
}

function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}

/** A command's name and the words typed after it. */
interface Given {
  command: CommandName;
  args: readonly string[];
}

function expectArguments(given: Given, count: 0): [];
function expectArguments(given: Given, count: 1, what: string): [string];
function expectArguments({ command, args }: Given, count: number, what = ''): string[] {
  if (args.length === count) return [...args];
  if (args.length < count) throw new UsageError(`tasklane ${command} needs ${what}.`);
  const extra = args
    .slice(count)
    .map((arg) => `"${arg}"`)
    .join(' ');
  const hint = command === 'add' ? ' (quote a title that has spaces)' : '';
  throw new UsageError(`Unexpected argument ${extra} for tasklane ${command}${hint}.`);
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
