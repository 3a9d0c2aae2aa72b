import { render, type RenderResult } from '@testing-library/react';

import { App } from '../app';
import { AppProviders } from '../app-providers';
import type { AppServices } from '../app-services';
import { routes, type RouteName } from '../router/routes';
import { authSession, fakeApi, testServices, type FakeApi, type Handlers } from './fake-api';

export interface RenderedApp extends RenderResult {
  api: FakeApi;
  services: AppServices;
}

/** The whole app on a fake API, at a route, signed in unless told otherwise. */
export function renderApp(
  handlers: Handlers,
  options: { route?: RouteName; signedIn?: boolean; message?: string } = {},
): RenderedApp {
  const api = fakeApi(handlers);
  const services = testServices(api);
  if (options.signedIn === false) services.session.signOut(options.message ?? null);
  else services.session.signIn(authSession());
  window.history.replaceState(null, '', routes[options.route ?? 'tasks']);
  const result = render(
    <AppProviders services={services}>
      <App />
    </AppProviders>,
  );
  return { ...result, api, services };
}
