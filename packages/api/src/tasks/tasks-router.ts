import type { TRPCRouterRecord } from '@trpc/server';

export const tasksRouter = {} satisfies TRPCRouterRecord;
