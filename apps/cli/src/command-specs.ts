// Every command and option in one table: the parser, `--help` and the shell completions read it.

export interface OptionSpec {
  readonly short?: string;
  /** The value's placeholder in help (`EMAIL`); absent for a flag. */
  readonly value?: string;
  readonly multiple?: boolean;
  /** The values a shell offers to complete. */
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface CommandSpec {
  /** The arguments after the command name, for help (`TITLE`). */
  readonly arguments: string;
  readonly summary: string;
  /** More lines for `tasklane <command> --help`. */
  readonly details: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const GLOBAL_OPTIONS = {
  url: {
    value: 'URL',
    description:
      'the Tasklane server (default: TASKLANE_URL, the server you logged in to, or http://127.0.0.1:3000)',
  },
  json: { description: 'print JSON instead of text' },
  insecure: {
    description:
      'allow a plain http:// server other than this machine (passwords and tokens then cross the network unencrypted)',
  },
  help: { short: 'h', description: 'show help (for a command: tasklane add --help)' },
  version: { description: 'show the version' },
} as const satisfies Record<string, OptionSpec>;

export const COMMANDS = {
  login: {
    arguments: '',
    summary: 'sign in and remember the session for this user',
    details: [
      'Prints a code and a web address: open it where you are signed in to Tasklane, check the',
      'code and approve. At a terminal with a desktop, the browser opens by itself.',
      'With --password (or --email) it asks for the email and password instead; without a',
      'terminal, give --email and the password on the first line of standard input or in',
      'TASKLANE_PASSWORD.',
    ],
    options: {
      password: { description: 'sign in with email and password instead of in the browser' },
      email: { value: 'EMAIL', description: 'the account to sign in to (implies --password)' },
    },
  },
  logout: {
    arguments: '',
    summary: 'revoke the session and forget it',
    details: [],
    options: {},
  },
  ls: {
    arguments: '',
    summary: 'list active tasks (or all, or completed ones)',
    details: [],
    options: {
      all: { short: 'a', description: 'active and completed tasks' },
      done: { description: 'completed tasks only' },
      search: { short: 's', value: 'WORDS', description: 'tasks whose title or notes match' },
      list: { value: 'NAME', description: 'only the tasks of this list' },
      inbox: { description: 'only the tasks in no list (the Inbox)' },
    },
  },
  lists: {
    arguments: '[create NAME | rename NAME NEW | delete NAME]',
    summary: 'show your lists, or create, rename, recolour or delete one',
    details: [
      'tasklane lists                        your lists, with their active tasks',
      'tasklane lists create Home --color green',
      'tasklane lists rename Home "Home & garden"   (--color alone recolours: rename Home Home)',
      'tasklane lists delete Home --tasks move-to-inbox   (or --tasks delete)',
      'NAME is matched whatever its case.',
    ],
    options: {
      color: {
        value: 'COLOR',
        choices: ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple'],
        description: 'gray, red, orange, yellow, green, teal, blue or purple',
      },
      tasks: {
        value: 'WHAT',
        choices: ['move-to-inbox', 'delete'],
        description: "delete: what happens to the list's tasks, move-to-inbox or delete",
      },
    },
  },
  add: {
    arguments: 'TITLE',
    summary: 'add a task; the title may name its due date, #tags, !priority, ^List',
    details: [
      'Quote a title that has spaces: tasklane add "Call Ana tomorrow 5pm #family !high ^Home"',
      "The date and time are read in your account's time zone (set in the web app); what was read is printed.",
      'A ^List (or ^"Two words") that does not exist yet is created, after saying so.',
      '--literal keeps the text as typed; --due, --priority, --list and --tag set a part instead.',
      'A repeat is read too ("every weekday at 9"), or set with --every "2 weeks on mon,thu".',
    ],
    options: {
      literal: {
        short: 'l',
        description: 'keep the title as typed: read no date, #tag, !priority or ^List from it',
      },
      due: {
        value: 'DATE',
        choices: ['today', 'tomorrow'],
        description: 'when it is due: 2026-12-01, 2026-12-01T17:00, today or tomorrow',
      },
      priority: {
        short: 'p',
        value: 'PRIORITY',
        choices: ['low', 'medium', 'high'],
        description: 'low, medium or high',
      },
      tag: { short: 't', value: 'TAG', multiple: true, description: 'a tag (repeat for more)' },
      list: {
        value: 'NAME',
        description: 'an existing list to add it to (default: the Inbox, or the ^List named)',
      },
      every: {
        value: 'RULE',
        description:
          'how it repeats: day, weekday, week, "2 weeks on mon,thu", month, "month on the 1st", year',
      },
    },
  },
  done: {
    arguments: 'ID',
    summary: 'mark a task completed',
    details: ['ID is the start of the task id, as `tasklane ls` shows it.'],
    options: {},
  },
  rm: {
    arguments: 'ID',
    summary: 'delete a task',
    details: ['ID is the start of the task id, as `tasklane ls` shows it.'],
    options: {},
  },
  watch: {
    arguments: '',
    summary: 'print changes to your tasks as they happen, from any device',
    details: [
      'One line per change: added, changed or deleted. With --json, one JSON object per line:',
      '{"eventId":"12","type":"upsert","task":{...}}, {"eventId":"13","type":"delete","id":"..."}',
      'or {"eventId":"14","type":"reset"} (changes were missed: list the tasks again).',
      'Runs until Ctrl-C, which exits with status 0.',
    ],
    options: {},
  },
  completion: {
    arguments: 'bash|zsh|fish',
    summary: 'print the shell completion script',
    details: [
      'bash: eval "$(tasklane completion bash)"   (in ~/.bashrc)',
      'zsh:  source <(tasklane completion zsh)     (in ~/.zshrc, after compinit)',
      'fish: tasklane completion fish > ~/.config/fish/completions/tasklane.fish',
    ],
    options: {},
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** `--name` and `-x` spellings of the options that take a value, for the completions. */
export function valueOptionSpellings(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options).flatMap(([name, option]) =>
    option.value === undefined
      ? []
      : [`--${name}`, ...(option.short === undefined ? [] : [`-${option.short}`])],
  );
}
