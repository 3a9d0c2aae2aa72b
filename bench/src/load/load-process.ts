// The load generator's process: runs autocannon for the parent, apart from the servers it
// measures and from the parent's bookkeeping. Commands arrive over IPC; several loads in one
// command run at the same time (task reads during a sign-in flood).
import { readFileSync } from 'node:fs';

import autocannon from 'autocannon';

import type {
  Identities,
  LatencySummary,
  LoadResult,
  LoadSpec,
  RunnerCommand,
  RunnerReply,
} from './load-spec';
import { buildRequest } from './request-builder';

const identityCache = new Map<string, Identities>();

function identities(file: string): Identities {
  let cached = identityCache.get(file);
  if (cached === undefined) {
    cached = JSON.parse(readFileSync(file, 'utf8')) as Identities;
    identityCache.set(file, cached);
  }
  return cached;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

async function runLoad(spec: LoadSpec, ids: Identities): Promise<LoadResult> {
  let serial = 0;
  const times = new Map<number, number[]>();
  const options: autocannon.Options = {
    url: spec.origin,
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          serial += 1;
          const user = Math.floor(Math.random() * ids.tokens.length);
          return { ...request, ...buildRequest(spec, ids, { user, serial }) };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, finished: autocannon.Result) => {
      if (error === null || error === undefined) resolve(finished);
      else reject(error instanceof Error ? error : new Error('autocannon failed'));
    });
    // eslint-disable-next-line max-params -- autocannon's 'response' event passes four arguments
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      let list = times.get(statusCode);
      if (list === undefined) {
        list = [];
        times.set(statusCode, list);
      }
      list.push(responseTime);
    });
  });

  const byStatus: Record<string, LatencySummary> = {};
  const statusCounts: Record<string, number> = {};
  const okTimes: number[] = [];
  let requests = 0;
  for (const [status, list] of times) {
    list.sort((a, b) => a - b);
    byStatus[String(status)] = {
      count: list.length,
      p50: percentile(list, 50),
      p99: percentile(list, 99),
    };
    statusCounts[String(status)] = list.length;
    requests += list.length;
    if (status >= 200 && status < 300) for (const time of list) okTimes.push(time);
  }
  okTimes.sort((a, b) => a - b);
  const ok = okTimes.length;
  return {
    durationSeconds: result.duration,
    requests,
    ok,
    okPerSecond: ok / result.duration,
    latency: {
      mean: ok === 0 ? 0 : okTimes.reduce((sum, time) => sum + time, 0) / ok,
      p50: percentile(okTimes, 50),
      p90: percentile(okTimes, 90),
      p99: percentile(okTimes, 99),
      max: okTimes.at(-1) ?? 0,
    },
    statusCounts,
    byStatus,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on('message', (message: RunnerCommand) => {
  const reply = (value: RunnerReply): void => {
    process.send?.(value);
  };
  const ids = identities(message.identitiesFile);
  Promise.all(message.loads.map((spec) => runLoad(spec, ids))).then(
    (results) => {
      reply({ id: message.id, ok: true, results });
    },
    (error: unknown) => {
      reply({ id: message.id, ok: false, error: String(error) });
    },
  );
});
