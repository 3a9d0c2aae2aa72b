// Process entry of the baseline: `node --import tsx baseline-server.ts '<json config>'`.
// It runs in its own process, like the Tasklane server, so CPU and memory are measured alike.
import { buildBaselineApp, type BaselineConfig } from './baseline-app';

interface BaselineServerConfig extends BaselineConfig {
  port: number;
  host: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BaselineServerConfig;
const { app, close } = await buildBaselineApp(config);

const shutdown = async (): Promise<void> => {
  await close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ port: config.port, host: config.host });
