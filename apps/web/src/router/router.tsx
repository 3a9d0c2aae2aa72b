// A small typed router over the History API: the app has four screens and no nested routes, so
// a full router library would cost more bundle than it saves code.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

import { matchRoute, routes, type RouteName } from './routes';

const NAVIGATE_EVENT = 'tasklane:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentPath = (): string => window.location.pathname;

/** The current screen, or null when the URL names no screen. */
export function useRoute(): RouteName | null {
  return matchRoute(useSyncExternalStore(subscribe, currentPath));
}

export function navigate(
  to: RouteName,
  options: { replace?: boolean; /** `?code=…`, kept as given. */ search?: string } = {},
): void {
  const search = options.search ?? '';
  const path = routes[to];
  if (window.location.pathname === path && window.location.search === search) return;
  if (options.replace === true) window.history.replaceState(null, '', path + search);
  else window.history.pushState(null, '', path + search);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  window.scrollTo({ top: 0 });
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: RouteName };

export function Link({ to, onClick, ...props }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    // Let the browser handle new tabs, downloads and the like.
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={routes[to]} onClick={handleClick} {...props} />;
}
