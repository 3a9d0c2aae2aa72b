// The typed tRPC + TanStack Query bindings: `useTRPC()` gives query and mutation options.
import { createTRPCContext } from '@trpc/tanstack-react-query';

import type { AppRouter } from '@tasklane/api/client';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
