// The whole app in jsdom on the real API: the router in this process on a PGlite database of
// the file's own, reached through the app's real HTTP links.
import { render, type RenderResult } from '@testing-library/react';
import { afterAll, beforeAll } from 'vitest';

import {
  startInProcessApi,
  type InProcessApi,
  type InProcessApiOptions,
} from '@tasklane/api/testing';

import type { AuthSession } from '@tasklane/api/client';

import { App } from '../app';
import { AppProviders } from '../app-providers';
import { createAppServices, type AppServices } from '../app-services';
import { routes, type RouteName } from '../router/routes';

/** Starts the API once for the file (a migrated database costs seconds) and stops it after. */
export function inProcessApi(options: InProcessApiOptions = {}): () => InProcessApi {
  let api: InProcessApi | undefined;
  beforeAll(async () => {
    api = await startInProcessApi({ origin: window.location.origin, ...options });
  });
  afterAll(async () => {
    await api?.close();
  });
  return () => {
    if (api === undefined) throw new Error('The API has not started yet');
    return api;
  };
}

export interface RenderedApp extends RenderResult {
  services: AppServices;
}

/** The app at a route, signed in as `session` or signed out (with an optional message). */
export function renderApp(
  api: InProcessApi,
  options: {
    route?: RouteName;
    /** `?code=…` after the path. */
    search?: string;
    hash?: string;
    session?: AuthSession;
    message?: string;
  } = {},
): RenderedApp {
  api.calls.splice(0);
  const services = createAppServices({ fetch: api.fetch, withLock: (task) => task() });
  if (options.session === undefined) services.session.signOut(options.message ?? null);
  else services.session.signIn(options.session);
  const path = routes[options.route ?? 'tasks'];
  window.history.replaceState(null, '', `${path}${options.search ?? ''}${options.hash ?? ''}`);
  const result = render(
    <AppProviders services={services}>
      <App />
    </AppProviders>,
  );
  return { ...result, services };
}
