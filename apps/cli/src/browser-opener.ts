// Opens the device login page in a browser, only when a person is there to see it: standard
// output is a terminal, the system has an opener, and on Linux a display to show a window on.
// Never in tests or scripts (their output is a pipe); the address is printed either way.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface OpenerSituation {
  platform: NodeJS.Platform;
  /** Standard output is a terminal. */
  terminal: boolean;
  /** DISPLAY or WAYLAND_DISPLAY is set. */
  graphical: boolean;
  path: string | undefined;
}

export interface Opener {
  command: string;
  args: (url: string) => string[];
}

function onPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** The program that would open a URL here, or undefined when nobody would see the browser. */
export function browserOpener(situation: OpenerSituation): Opener | undefined {
  if (!situation.terminal) return undefined;
  switch (situation.platform) {
    case 'darwin': {
      const command = onPath('open', situation.path);
      return command === undefined ? undefined : { command, args: (url) => [url] };
    }
    case 'win32':
      // No shell: `start` would read & in the URL as a command separator.
      return { command: 'rundll32', args: (url) => ['url.dll,FileProtocolHandler', url] };
    default: {
      // Over SSH or on a server there is no display: a text browser would take the terminal.
      if (!situation.graphical) return undefined;
      const command = onPath('xdg-open', situation.path);
      return command === undefined ? undefined : { command, args: (url) => [url] };
    }
  }
}

/** Starts the browser on `url` and does not wait for it; true when an opener was started. */
export function openInBrowser(url: string, situation: OpenerSituation): boolean {
  if (!/^https?:\/\//.test(url)) return false;
  const opener = browserOpener(situation);
  if (opener === undefined) return false;
  const child = spawn(opener.command, opener.args(url), { detached: true, stdio: 'ignore' });
  // A failed opener changes nothing: the address is on the screen.
  child.on('error', () => undefined);
  child.unref();
  return true;
}
