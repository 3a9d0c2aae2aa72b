// The app's screens. Paths are a closed set, so a link or redirect to a screen that does not
// exist is a type error.
export const routes = {
  tasks: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  account: '/account',
  // A device login's approval page (verificationUri of auth.deviceStart): `?code=` may fill it in.
  device: '/device',
  forgotPassword: '/forgot-password',
  // Opened from links in mails, whoever is signed in (or nobody): their token is in the fragment.
  resetPassword: '/reset-password',
  verifyEmail: '/verify-email',
  confirmEmail: '/confirm-email',
} as const;

export type RouteName = keyof typeof routes;
export type RoutePath = (typeof routes)[RouteName];

/** Screens that need a signed-in person. */
export const protectedRoutes: ReadonlySet<RouteName> = new Set(['tasks', 'account', 'device']);

/**
 * Protected screens a signed-out person is brought back to, query included, once they signed in:
 * the device page is opened from a terminal, and the tasks screen's query is its view, list and
 * filters (a shared link), so both must survive the detour through sign-in.
 */
export const returnRoutes: ReadonlySet<RouteName> = new Set(['device', 'tasks']);

/** Screens for anyone, signed in or not: the pages mail links open. The rest are for signed-out people only. */
export const openRoutes: ReadonlySet<RouteName> = new Set([
  'resetPassword',
  'verifyEmail',
  'confirmEmail',
]);

const byPath = new Map<string, RouteName>(
  Object.entries(routes).map(([name, path]) => [path, name as RouteName]),
);

/** The screen for a URL path (trailing slash ignored), or null for an unknown path. */
export function matchRoute(pathname: string): RouteName | null {
  const normalised = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return byPath.get(normalised) ?? null;
}
