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
      /** A list's name, or null for the Inbox only; undefined: every task. */
      list: string | null | undefined;
    }
  | { command: 'lists'; global: GlobalArgs; action: ListsAction }
  | {
      command: 'add';
      global: GlobalArgs;
      title: string;
      due: string | undefined;
      priority: string | undefined;
      tags: string[];
      literal: boolean;
      list: string | undefined;
      every: string | undefined;
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
      if (values.inbox === true && values.list !== undefined) {
        throw new UsageError('Give either --list or --inbox, not both.');
      }
      const list = values.inbox === true ? null : stringValue(values.list);
      return { command: name, global, status, search: stringValue(values.search), list };
    }
    case 'lists':
      return { command: name, global, action: listsAction(rest, values) };
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
        list: stringValue(values.list),
        every: stringValue(values.every),
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

/** What `tasklane lists ...` asks for. */
export type ListsAction =
  | { kind: 'show' }
  | { kind: 'create'; name: string; color: string | undefined }
  | { kind: 'rename'; name: string; newName: string; color: string | undefined }
  | { kind: 'delete'; name: string; tasks: 'move-to-inbox' | 'delete' };

function listsAction(
  args: readonly string[],
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): ListsAction {
  const [action, ...names] = args;
  const color = stringValue(values.color);
  const arity = (count: number, usage: string): string[] => {
    if (names.length !== count) throw new UsageError(`Usage: tasklane lists ${usage}`);
    return names;
  };
  switch (action) {
    case undefined:
      return { kind: 'show' };
    case 'create': {
      const [name = ''] = arity(1, 'create NAME [--color COLOR]');
      return { kind: 'create', name, color };
    }
    case 'rename': {
      const [name = '', newName = ''] = arity(2, 'rename NAME NEW [--color COLOR]');
      return { kind: 'rename', name, newName, color };
    }
    case 'delete': {
      const [name = ''] = arity(1, 'delete NAME --tasks move-to-inbox|delete');
      const tasks = stringValue(values.tasks);
      if (tasks !== 'move-to-inbox' && tasks !== 'delete') {
        throw new UsageError(
          "tasklane lists delete needs --tasks move-to-inbox (keep the list's tasks in the Inbox) or --tasks delete.",
        );
      }
      return { kind: 'delete', name, tasks };
    }
    default:
      throw new UsageError(
        `tasklane lists knows create, rename and delete, not "${action}". Run \`tasklane lists --help\`.`,
      );
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
