// `tasklane --help` and `tasklane <command> --help`, written from the command table.
import {
  COMMANDS,
  COMMAND_NAMES,
  GLOBAL_OPTIONS,
  type CommandName,
  type OptionSpec,
} from './command-specs';

const COLUMN = 32;
const WIDTH = 80;

/** `  left        right`, the right column wrapped at WIDTH. */
function row(left: string, right: string): string {
  const lines: string[] = [];
  for (const word of right.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && COLUMN + last.length + 1 + word.length <= WIDTH) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else lines.push(word);
  }
  const indent = ' '.repeat(COLUMN);
  const body = lines.join(`\n${indent}`);
  return left.length + 2 > COLUMN - 1
    ? `  ${left}\n${indent}${body}`
    : `  ${left.padEnd(COLUMN - 2)}${body}`;
}

function optionLabel(name: string, option: OptionSpec): string {
  const long = option.value === undefined ? `--${name}` : `--${name} ${option.value}`;
  return option.short === undefined ? long : `-${option.short}, ${long}`;
}

function optionRows(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options).map(([name, option]) =>
    row(optionLabel(name, option), option.description),
  );
}

function synopsis(name: CommandName): string {
  const command = COMMANDS[name];
  const options = Object.keys(command.options).length === 0 ? '' : ' [options]';
  return [name, command.arguments].filter((part) => part !== '').join(' ') + options;
}

export const USAGE = [
  'Usage: tasklane <command> [options]',
  '',
  'Commands:',
  ...COMMAND_NAMES.map((name) => row(synopsis(name), COMMANDS[name].summary)),
  '',
  'Options:',
  ...optionRows(GLOBAL_OPTIONS),
  '',
  'Run `tasklane <command> --help` for the options of a command.',
  'Exit status: 0 success, 1 failure (server, session, unknown task), 2 wrong usage.',
  '',
].join('\n');

export function commandHelp(name: CommandName): string {
  const command = COMMANDS[name];
  const own = optionRows(command.options);
  return [
    `Usage: tasklane ${synopsis(name)}`,
    '',
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`,
    ...(command.details.length === 0 ? [] : ['', ...command.details]),
    ...(own.length === 0 ? [] : ['', 'Options:', ...own]),
    '',
    'Global options:',
    ...optionRows(GLOBAL_OPTIONS),
    '',
  ].join('\n');
}
