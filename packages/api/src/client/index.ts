// Client-safe entry point `@tasklane/api/client`: the typed HTTP client and the router's types.
// Everything from the server side is imported as types only, so a bundle of this entry holds no
// pg, kysely, fastify, argon2 or jose code (src/client/client-bundle.test.ts checks it).
// The zod input schemas live in `@tasklane/api/schemas`, so a consumer that does not validate
// forms does not bundle zod.
export { MAX_BATCH_SIZE, TRPC_ENDPOINT_PATH } from '../contract/transport';
export {
  createTasklaneClient,
  type TasklaneClient,
  type TasklaneClientAuth,
  type TasklaneClientOptions,
  type TasklaneClientSettings,
  type TasklaneSessionControls,
} from './create-tasklane-client';
export {
  deviceLogin,
  DeviceLoginError,
  type DeviceCode,
  type DeviceLoginOptions,
} from './device-login';
export type {
  AccessTokenCredentials,
  PasswordCredentials,
  RefreshTokenCredentials,
  TasklaneCredentials,
  TasklaneTokens,
} from './credentials';
export {
  conflictingTask,
  errorCode,
  fieldErrors,
  isClientRejection,
  isTasklaneError,
  retryAfterSeconds,
  type FieldErrors,
} from './client-errors';
export { SESSION_PROCEDURES, sessionLink } from './session-link';
export {
  DEFAULT_RECONNECT_DELAY_MS,
  subscriptionLink,
  type SubscriptionLinkOptions,
} from './subscription-link';
export {
  createCookieTokenRenewal,
  type CookieTokenRenewal,
  type CookieTokenRenewalOptions,
} from './cookie-token-renewal';
export {
  MissingRefreshTokenError,
  SignedOutError,
  type TokenRenewal,
  type TokenSource,
} from './token-source';
// Wall times in the person's zone (`User.timeZone`), through Intl only: what the quick-add parser
// uses, here for screens that show and read due dates without loading the parser.
export { instantOfWallTime, wallTimeAt, type WallTime } from '../quick-add/zoned-time';
export { TRPCClientError } from '@trpc/client';
export type {
  AppRouter,
  AuthSession,
  List,
  RouterInputs,
  RouterOutputs,
  Task,
  TaskListInput,
  TaskEvent,
  TaskPage,
  TaskStats,
  TasklaneClientError,
  User,
} from './router-types';
