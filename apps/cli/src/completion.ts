// `tasklane completion bash|zsh|fish`: completion scripts written from the command table, so a
// new command or option completes without editing three shell languages.
import {
  COMMANDS,
  COMMAND_NAMES,
  GLOBAL_OPTIONS,
  SHELLS,
  valueOptionSpellings,
  type OptionSpec,
  type Shell,
} from './command-specs';

type Options = Readonly<Record<string, OptionSpec>>;

function spellings(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => [
    `--${name}`,
    ...(option.short === undefined ? [] : [`-${option.short}`]),
  ]);
}

const ALL_OPTIONS: Options = Object.assign(
  {},
  GLOBAL_OPTIONS,
  ...Object.values(COMMANDS).map((command) => command.options),
) as Options;
/** Options whose next word is their value, not a command. */
const VALUE_OPTIONS = valueOptionSpellings(ALL_OPTIONS).join('|');

/** `case` branches offering an option's fixed values after it (bash and zsh syntax). */
function choiceCases(offer: (words: string) => string): string[] {
  return Object.entries(ALL_OPTIONS).flatMap(([name, option]) =>
    option.choices === undefined
      ? []
      : [
          `    ${[`--${name}`, ...(option.short === undefined ? [] : [`-${option.short}`])].join('|')}) ${offer(option.choices.join(' '))}; return ;;`,
        ],
  );
}

function commandWords(command: keyof typeof COMMANDS): string {
  const extra = command === 'completion' ? [...SHELLS] : [];
  return [...extra, ...spellings(COMMANDS[command].options), ...spellings(GLOBAL_OPTIONS)].join(
    ' ',
  );
}

function bash(): string {
  return `# tasklane completion for bash. Load it with: eval "$(tasklane completion bash)"
_tasklane() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      ${VALUE_OPTIONS}) ((i++)) ;;
      -*) ;;
      *) command=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case $prev in
${choiceCases((words) => `COMPREPLY=($(compgen -W "${words}" -- "$cur"))`).join('\n')}
  esac
  local words
  case $command in
    "") words="${[...COMMAND_NAMES, ...spellings(GLOBAL_OPTIONS)].join(' ')}" ;;
${COMMAND_NAMES.map((name) => `    ${name}) words="${commandWords(name)}" ;;`).join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _tasklane tasklane
`;
}

function zsh(): string {
  return `#compdef tasklane
# tasklane completion for zsh. Load it after compinit with: source <(tasklane completion zsh)
_tasklane() {
  local command="" prev=\${words[CURRENT-1]} i
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      ${VALUE_OPTIONS}) ((i++)) ;;
      -*) ;;
      *) command=\${words[i]}; break ;;
    esac
  done
  case $prev in
${choiceCases((words) => `compadd -- ${words}`).join('\n')}
  esac
  case $command in
    "") compadd -- ${[...COMMAND_NAMES, ...spellings(GLOBAL_OPTIONS)].join(' ')} ;;
${COMMAND_NAMES.map((name) => `    ${name}) compadd -- ${commandWords(name)} ;;`).join('\n')}
  esac
}
compdef _tasklane tasklane
`;
}

function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function fishOptions(options: Options, condition: string | undefined): string[] {
  return Object.entries(options).map(([name, option]) =>
    [
      'complete -c tasklane',
      ...(condition === undefined ? [] : [`-n ${fishQuote(condition)}`]),
      `-l ${name}`,
      ...(option.short === undefined ? [] : [`-s ${option.short}`]),
      ...(option.value === undefined ? [] : ['-r']),
      ...(option.choices === undefined ? [] : [`-a ${fishQuote(option.choices.join(' '))}`]),
      `-d ${fishQuote(option.description)}`,
    ].join(' '),
  );
}

function fish(): string {
  return [
    '# tasklane completion for fish. Install it with:',
    '#   tasklane completion fish > ~/.config/fish/completions/tasklane.fish',
    'complete -c tasklane -f',
    ...COMMAND_NAMES.map(
      (name) =>
        `complete -c tasklane -n __fish_use_subcommand -a ${name} -d ${fishQuote(COMMANDS[name].summary)}`,
    ),
    ...fishOptions(GLOBAL_OPTIONS, undefined),
    ...COMMAND_NAMES.flatMap((name) =>
      fishOptions(COMMANDS[name].options, `__fish_seen_subcommand_from ${name}`),
    ),
    `complete -c tasklane -n '__fish_seen_subcommand_from completion' -a ${fishQuote(SHELLS.join(' '))}`,
    '',
  ].join('\n');
}

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bash();
    case 'zsh':
      return zsh();
    case 'fish':
      return fish();
  }
}
