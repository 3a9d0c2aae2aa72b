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
