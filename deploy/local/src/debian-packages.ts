// The Debian packages the local topology runs on, installed with apt-get when they are missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { readDeployEnv } from './env';

/** Each package and the program it provides. */
const PROGRAMS = {
  pgbouncer: '/usr/sbin/pgbouncer',
  haproxy: '/usr/sbin/haproxy',
} as const;

export type DebianPackage = keyof typeof PROGRAMS;

export function programPath(name: DebianPackage): string {
  return PROGRAMS[name];
}

export function ensureDebianPackages(names: readonly DebianPackage[]): void {
  const missing = names.filter((name) => !existsSync(PROGRAMS[name]));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing ${missing.join(', ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` first`,
    );
  }
  const install = (): void => {
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
      stdio: 'inherit',
      env: { PATH: readDeployEnv().path, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  try {
    install();
  } catch {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    install();
  }
}
