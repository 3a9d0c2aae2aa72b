// The CSRF check of cookie-authenticated requests.
import type { AuthConfig } from '../context';
import { NotWebOriginError } from './session-errors';

/**
 * A request that authenticates with the refresh cookie must come from one of our web origins:
 * the browser attaches the cookie on its own, so the origin is what proves intent (CSRF).
 */
export function requireWebOrigin(auth: AuthConfig, origin: string | undefined): void {
  if (origin !== undefined && auth.webOrigins.includes(origin)) return;
  throw new NotWebOriginError();
}
