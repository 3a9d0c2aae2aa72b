// The only place the CLI reads process.env.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface CliEnv {
  /** TASKLANE_URL: the server, unless --url is given. */
  url: string | undefined;
  /** TASKLANE_PASSWORD: the password for `tasklane login` without a prompt. */
  password: string | undefined;
  /** Where tasklane/credentials.json lives: $XDG_CONFIG_HOME, or ~/.config. */
  configHome: string;
  /** TASKLANE_DEBUG=1 prints the stack of unexpected errors. */
  debug: boolean;
  /** PATH, to find a program that opens a browser (xdg-open, open). */
  path: string | undefined;
  /** DISPLAY or WAYLAND_DISPLAY is set: on Linux, a browser could show up somewhere. */
  graphical: boolean;
}

export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  return {
    url: nonEmpty(source.TASKLANE_URL),
    password: source.TASKLANE_PASSWORD === '' ? undefined : source.TASKLANE_PASSWORD,
    configHome: configHome(source),
    debug: source.TASKLANE_DEBUG === '1' || source.TASKLANE_DEBUG === 'true',
    path: nonEmpty(source.PATH),
    graphical:
      nonEmpty(source.DISPLAY) !== undefined || nonEmpty(source.WAYLAND_DISPLAY) !== undefined,
  };
}

function configHome(source: NodeJS.ProcessEnv): string {
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = nonEmpty(source.XDG_CONFIG_HOME);
  if (xdg !== undefined && isAbsolute(xdg)) return xdg;
  if (process.platform === 'win32' && source.APPDATA !== undefined) return source.APPDATA;
  return join(homedir(), '.config');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
