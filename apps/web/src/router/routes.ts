// The app's screens. Paths are a closed set, so a link or redirect to a screen that does not
// exist is a type error.
export const routes = {
  tasks: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  account: '/account',
} as const;

export type RouteName = keyof typeof routes;
export type RoutePath = (typeof routes)[RouteName];

/** Screens that need a signed-in person; the others are for signed-out people only. */
export const protectedRoutes: ReadonlySet<RouteName> = new Set(['tasks', 'account']);

const byPath = new Map<string, RouteName>(
  Object.entries(routes).map(([name, path]) => [path, name as RouteName]),
);

/** The screen for a URL path (trailing slash ignored), or null for an unknown path. */
export function matchRoute(pathname: string): RouteName | null {
  const normalised = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return byPath.get(normalised) ?? null;
}
