// Graceful shutdown on SIGTERM/SIGINT: stop taking new work, let requests in flight finish within
// a grace period, close the database, exit. A request that started is answered (its commit is
// acknowledged) before the process goes; one that arrives later is refused with 503.
import type { FastifyInstance } from 'fastify';

export interface GracefulShutdownOptions {
  /** Closed first: it stops listening and answers new requests 503 with `Connection: close`. */
  app: FastifyInstance;
  /** Closes the database once no request needs it any more. */
  closeDatabase: () => Promise<void>;
  /** How long requests in flight may take to finish before their connections are cut. */
  graceMs: number;
  signals?: readonly NodeJS.Signals[];
  /** Ends the process; tests replace it. */
  exit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** Starts (or joins) the shutdown; resolves with the exit code once everything is closed. */
  shutdown(reason: string): Promise<number>;
}

/** Bound on closing the database after the grace period ran out (queries may still hold it). */
const FORCED_CLOSE_MS = 2000;

/** Call before `listen`: it adds a hook, which Fastify allows only until the app is ready. */
export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { app, closeDatabase, graceMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let draining = false;
  let running: Promise<number> | undefined;

  // Fastify marks only requests that arrive while closing with `Connection: close`; responses of
  // requests already in flight get it here, so their keep-alive connections end with them and
  // the server can finish closing instead of waiting for idle sockets to time out.
  app.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close');
  });

  const drain = async (): Promise<number> => {
    let timer: NodeJS.Timeout | undefined;
    const graceElapsed = new Promise<'elapsed'>((resolve) => {
      timer = setTimeout(() => {
        resolve('elapsed');
      }, graceMs);
    });
    const closed = app.close().then(() => 'closed' as const);
    const outcome = await Promise.race([closed, graceElapsed]);
    clearTimeout(timer);

    if (outcome === 'closed') {
      await closeDatabase();
      app.log.info('shutdown complete');
      return 0;
    }
    app.log.error({ graceMs }, 'requests still in flight after the grace period; cutting them');
    app.server.closeAllConnections();
    const databaseClosed = await Promise.race([
      closeDatabase().then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, FORCED_CLOSE_MS, false).unref()),
    ]);
    if (!databaseClosed) app.log.error('the database did not close in time');
    return 1;
  };

  const shutdown = (reason: string): Promise<number> => {
    if (running !== undefined) {
      app.log.warn({ reason }, 'already shutting down');
      return running;
    }
    draining = true;
    app.log.info({ reason, graceMs }, 'shutting down: refusing new requests, draining in flight');
    running = drain().catch((error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed');
      return 1;
    });
    return running;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      const first = running === undefined;
      const done = shutdown(signal);
      if (first) void done.then(exit);
    });
  }
  return { shutdown };
}
