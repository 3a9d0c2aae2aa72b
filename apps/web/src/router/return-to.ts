// Where a signed-out person was going, kept across the sign-in (or sign-up) detour in this tab's
// session storage. Only screens in `returnRoutes` are kept, so a stored value can never send
// anyone to another site or screen.
import { navigate } from './router';
import { matchRoute, returnRoutes, type RouteName } from './routes';

const RETURN_KEY = 'tasklane:return-to';

export interface ReturnTarget {
  route: RouteName;
  search: string;
}

function parse(location: string | null): ReturnTarget | null {
  if (location === null) return null;
  const url = new URL(location, window.location.origin);
  const route = matchRoute(url.pathname);
  if (url.origin !== window.location.origin || route === null || !returnRoutes.has(route)) {
    return null;
  }
  return { route, search: url.search };
}

/** Remembers the current URL when it is a screen worth coming back to. */
export function rememberReturn(): void {
  const location = window.location.pathname + window.location.search;
  if (parse(location) !== null) window.sessionStorage.setItem(RETURN_KEY, location);
}

/** The remembered screen, once: reading it forgets it. */
export function takeReturn(): ReturnTarget | null {
  const stored = window.sessionStorage.getItem(RETURN_KEY);
  window.sessionStorage.removeItem(RETURN_KEY);
  return parse(stored);
}

/** After signing in or up: back where the person was going, or to the tasks. */
export function navigateAfterSignIn(): void {
  const back = takeReturn();
  if (back === null) navigate('tasks', { replace: true });
  else navigate(back.route, { replace: true, search: back.search });
}
