// The device login procedures of `auth` (RFC 8628). The device starts and polls without an
// account; only a signed-in person looks up, approves or denies a code. Contract:
// specs/contracts/auth.md.
import type { TRPCRouterRecord } from '@trpc/server';

import type { Context } from '../context';
import { deliverSession, type AuthSession } from '../sessions/session-delivery';
import { mapDomainErrors, protectedProcedure, publicProcedure } from '../trpc';
import {
  decideDeviceLogin,
  lookUpDeviceCode,
  pollDeviceLogin,
  startDeviceLogin,
  type DecidingViewer,
} from './device-login';
import { deviceLoginErrorResponse } from './device-login-errors';
import { devicePollInput, deviceStartInput, userCodeInput } from './device-login-schemas';

const deviceErrors = mapDomainErrors(deviceLoginErrorResponse);
const publicDeviceProcedure = publicProcedure.use(deviceErrors);
/** Deciding for a device is the person's own act: a signed-in session, never a key. */
const signedInDeviceProcedure = protectedProcedure.use(deviceErrors);

export type DevicePollAnswer =
  | { status: 'pending' | 'slow_down' | 'denied' | 'expired' }
  | { status: 'approved'; session: AuthSession };

function decidingViewer(ctx: Context & { userId: string }): DecidingViewer {
  return { userId: ctx.userId, ip: ctx.request.ip };
}

export const deviceLoginProcedures = {
  deviceStart: publicDeviceProcedure
    .input(deviceStartInput)
    .mutation(({ ctx, input }) => startDeviceLogin(ctx.services, ctx.request, input)),

  devicePoll: publicDeviceProcedure
    .input(devicePollInput)
    .mutation(async ({ ctx, input }): Promise<DevicePollAnswer> => {
      const result = await pollDeviceLogin(ctx.services, input.deviceCode);
      if (result.status !== 'approved') return { status: result.status };
      // A device has no cookie jar we could trust: the refresh token goes in the body.
      return { status: 'approved', session: await deliverSession(ctx, result.opened, 'body') };
    }),

  // A mutation although it reads: a code that matches nothing counts against the entry limits,
  // and a POST body keeps the code out of URLs and request logs.
  deviceLookup: signedInDeviceProcedure
    .input(userCodeInput)
    .mutation(({ ctx, input }) =>
      lookUpDeviceCode(ctx.services, decidingViewer(ctx), input.userCode),
    ),

  deviceApprove: signedInDeviceProcedure.input(userCodeInput).mutation(async ({ ctx, input }) => {
    const decided = await decideDeviceLogin(ctx.services, decidingViewer(ctx), {
      userCode: input.userCode,
      approve: true,
    });
    return { ok: true as const, clientName: decided.clientName };
  }),

  deviceDeny: signedInDeviceProcedure.input(userCodeInput).mutation(async ({ ctx, input }) => {
    const decided = await decideDeviceLogin(ctx.services, decidingViewer(ctx), {
      userCode: input.userCode,
      approve: false,
    });
    return { ok: true as const, clientName: decided.clientName };
  }),
} satisfies TRPCRouterRecord;
