export { buildTestApp, testAppConfig } from './test-app';
export { freePort, spawnServer, type SpawnedServer, type SpawnServerOptions } from './spawn-server';
export { findSetCookie, injectTrpc, type InjectAnswer, type InjectCall } from './trpc-inject';
