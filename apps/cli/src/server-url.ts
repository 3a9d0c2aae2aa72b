// Which server a command talks to: --url, then TASKLANE_URL, then the logged-in server.
import { UsageError } from './cli-errors';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** `http://host:3000/` and `http://host:3000` name the same server. */
export function normalizeUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${text}" is not a URL (e.g. ${DEFAULT_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`"${text}" is not an http:// or https:// URL`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Passwords and tokens travel in the clear over http://, so only a server on this machine may be
 * reached that way unless the person says they accept it with --insecure.
 */
export function refusePlainHttp(url: string, insecure: boolean): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || insecure || isLoopback(parsed.hostname)) return;
  throw new UsageError(
    `Refusing to send a password or token in the clear to ${url}: use https://, ` +
      'or add --insecure if you trust every network in between.',
  );
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
