// Makes the app's services available to components: the session, tRPC and the query cache.
import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';

import type { AppServices } from './app-services';
import type { SessionState } from './session/session-store';
import { TRPCProvider } from './trpc/trpc';

const ServicesContext = createContext<AppServices | null>(null);

export function AppProviders({
  services,
  children,
}: {
  services: AppServices;
  children: ReactNode;
}) {
  return (
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={services.queryClient}>
        <TRPCProvider trpcClient={services.client} queryClient={services.queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </ServicesContext.Provider>
  );
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices() needs <AppProviders> above it');
  return services;
}

export function useSession(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getState);
}
