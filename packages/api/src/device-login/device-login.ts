// Device login (RFC 8628): a device with no browser (the CLI) starts a login and polls; a
// signed-in person approves or denies it on the web page by its user code. The approved poll
// opens the session, once. Contract: specs/contracts/auth.md.
import { findUser } from '../accounts/user-store';
import type { ApiServices } from '../context';
import {
  DEVICE_CODE_TTL_SECONDS,
  DEVICE_PAGE_PATH,
  DEVICE_POLL_INTERVAL_SECONDS,
  formatUserCode,
} from '../contract/device-rules';
import { countAttempt, refuseIfLimited } from '../limits/rate-limit-guard';
import { refreshIdleSeconds, type OpenedSession } from '../sessions/session-delivery';
import { createSession, pruneSessions, USER_AGENT_MAX_LENGTH } from '../sessions/session-store';
import type { ClientInfo } from '../sessions/sign-in';
import {
  decideDeviceCode,
  findPendingDeviceCode,
  insertDeviceCode,
  markDeviceCodeUsed,
  pruneDeviceCodes,
  recordPoll,
  type PendingDeviceCode,
} from './device-code-store';
import { deviceCodeHash, newDeviceCode, newUserCode } from './device-codes';
import { UnknownUserCodeError } from './device-login-errors';

export interface StartedDeviceLogin {
  deviceCode: string;
  /** As shown: `WDJB-MJHT`. */
  userCode: string;
  verificationUri: string;
  /** The page with the code filled in (`/device?code=WDJB-MJHT`), e.g. for a QR code. */
  verificationUriComplete: string;
  expiresIn: number;
  interval: number;
}

/** A user code collides with a stored one about once in 10^10; three draws in a row never do. */
const USER_CODE_DRAWS = 3;

export async function startDeviceLogin(
  services: ApiServices,
  client: ClientInfo,
  input: { clientName: string },
): Promise<StartedDeviceLogin> {
  const { db, rateLimitKeys } = services;
  await countAttempt(
    services,
    'deviceStartPerAddress',
    rateLimitKeys.deviceStartAddress(client.ip),
  );
  const now = services.clock();
  await pruneDeviceCodes(db, now);
  const deviceCode = newDeviceCode();
  const hash = deviceCodeHash(deviceCode);
  if (hash === null) throw new Error('A new device code does not have the device code format');
  for (let draw = 0; draw < USER_CODE_DRAWS; draw += 1) {
    const userCode = newUserCode();
    const stored = await insertDeviceCode(db, {
      deviceCodeHash: hash,
      userCodeHash: services.userCodeHash(userCode),
      clientName: input.clientName,
      userAgent: client.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      now,
      ttlSeconds: DEVICE_CODE_TTL_SECONDS,
      intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
    });
    if (stored) {
      const shown = formatUserCode(userCode);
      const verificationUri = `${services.mail.appUrl.replace(/\/+$/, '')}${DEVICE_PAGE_PATH}`;
      services.logger.info({ event: 'auth.device_started', ip: client.ip }, 'device login started');
      return {
        deviceCode,
        userCode: shown,
        verificationUri,
        verificationUriComplete: `${verificationUri}?code=${encodeURIComponent(shown)}`,
        expiresIn: DEVICE_CODE_TTL_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      };
    }
  }
  throw new Error('No free user code after several draws');
}

export type DevicePollResult =
  | { status: 'pending' | 'slow_down' | 'denied' | 'expired' }
  | { status: 'approved'; opened: OpenedSession };

/**
 * One poll of the device. The code's row is locked for the poll, so polls of one code run one
 * after another on any number of instances: the approved one marks the code used in the same
 * transaction that opens the session, and every later poll finds it used (`expired`).
 */
export async function pollDeviceLogin(
  services: ApiServices,
  deviceCode: string,
): Promise<DevicePollResult> {
  const hash = deviceCodeHash(deviceCode);
  // Unknown and pruned codes answer as expired ones do: the device must start again.
  if (hash === null) return { status: 'expired' };
  const now = services.clock();
  const result = await services.db.transaction().execute(async (trx) => {
    const code = await recordPoll(trx, hash, now);
    if (code === undefined) return { status: 'expired' as const };
    if (code.state === 'denied') return { status: 'denied' as const };
    if (code.state === 'used' || code.expiresAt <= now) return { status: 'expired' as const };
    const sincePoll =
      code.lastPolledAt === null ? null : now.getTime() - code.lastPolledAt.getTime();
    if (sincePoll !== null && sincePoll < code.intervalSeconds * 1000) {
      return { status: 'slow_down' as const };
    }
    if (code.state === 'pending' || code.userId === null) return { status: 'pending' as const };
    if (!(await markDeviceCodeUsed(trx, hash))) return { status: 'expired' as const };
    const user = await findUser(trx, code.userId);
    // The person was deleted while the code waited: their approval went with them.
    if (user === undefined) return { status: 'expired' as const };
    await pruneSessions(trx, user.id, refreshIdleSeconds(services.auth));
    const session = await createSession(trx, {
      userId: user.id,
      userAgent: code.userAgent ?? undefined,
      clientName: code.clientName,
      ttlSeconds: services.auth.refreshTokenTtlSeconds,
    });
    return { status: 'approved' as const, opened: { user, ...session } };
  });
  if (result.status === 'approved') {
    services.logger.info(
      {
        event: 'auth.device_sign_in',
        userId: result.opened.user.id,
        sessionId: result.opened.sessionId,
      },
      'signed in by device login',
    );
  }
  return result;
}

/** The signed-in person entering a code, and where from (the limits count both). */
export interface DecidingViewer {
  userId: string;
  ip: string;
}

/**
 * Runs `find` for a typed user code under the entry limits. A code that matches nothing counts
 * against the person and their address, and past either limit no code is looked at, so short
 * user codes cannot be guessed; a code that matches gives its reservations back.
 */
async function withEntryLimits(
  services: ApiServices,
  viewer: DecidingViewer,
  find: () => Promise<PendingDeviceCode | undefined>,
): Promise<PendingDeviceCode> {
  const { rateLimiter, rateLimits, rateLimitKeys } = services;
  const userKey = rateLimitKeys.deviceCodeFailuresUser(viewer.userId);
  const addressKey = rateLimitKeys.deviceCodeFailuresAddress(viewer.ip);
  refuseIfLimited(
    'deviceCodeFailuresPerUser',
    await rateLimiter.reserve(userKey, rateLimits.deviceCodeFailuresPerUser),
  );
  const addressVerdict = await rateLimiter.reserve(
    addressKey,
    rateLimits.deviceCodeFailuresPerAddress,
  );
  if (!addressVerdict.allowed) {
    await rateLimiter.release(userKey);
    refuseIfLimited('deviceCodeFailuresPerAddress', addressVerdict);
  }
  let found;
  try {
    found = await find();
  } catch (error) {
    await Promise.all([rateLimiter.release(userKey), rateLimiter.release(addressKey)]);
    throw error;
  }
  if (found === undefined) throw new UnknownUserCodeError();
  await Promise.all([rateLimiter.release(userKey), rateLimiter.release(addressKey)]);
  return found;
}

/** What the page shows before the person decides: the client's name and when it asked. */
export async function lookUpDeviceCode(
  services: ApiServices,
  viewer: DecidingViewer,
  userCode: string,
): Promise<PendingDeviceCode> {
  const hash = services.userCodeHash(userCode);
  return withEntryLimits(services, viewer, () =>
    findPendingDeviceCode(services.db, hash, services.clock()),
  );
}

/** Approves or denies a pending code; a code is decided once and never after it expired. */
export async function decideDeviceLogin(
  services: ApiServices,
  viewer: DecidingViewer,
  decision: { userCode: string; approve: boolean },
): Promise<PendingDeviceCode> {
  const hash = services.userCodeHash(decision.userCode);
  const state = decision.approve ? 'approved' : 'denied';
  const decided = await withEntryLimits(services, viewer, () =>
    decideDeviceCode(services.db, {
      userCodeHash: hash,
      userId: viewer.userId,
      state,
      now: services.clock(),
    }),
  );
  services.logger.info(
    { event: `auth.device_${state}`, userId: viewer.userId, ip: viewer.ip },
    `device login ${state}`,
  );
  return decided;
}
