export { buildTestApp, testAppConfig } from './test-app';
export { freePort, spawnServer, type SpawnedServer, type SpawnServerOptions } from './spawn-server';
export { findSetCookie, injectTrpc, type InjectAnswer, type InjectCall } from './trpc-inject';
export { fetchTrpc, type TrpcAnswer } from './trpc-http';
export {
  createReadGate,
  subscribeToTaskChanges,
  type ReadGate,
  type StreamedEvent,
  type TaskStreamClient,
} from './task-stream-client';
export {
  reportFigures,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  type TestAccount,
} from './test-accounts';
