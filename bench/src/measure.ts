// One measured load: the load process's figures plus the server's CPU, memory and database cost.
import { backendCpuDelta, type DatabaseProbe } from './database-probe';
import type { LoadDriver } from './load/load-driver';
import type { LoadResult, LoadSpec } from './load/load-spec';
import { cpuTimeMs, sampleRss } from './proc-stats';

export interface Target {
  name: string;
  origin: string;
  /** The server processes behind `origin` (several behind a proxy); CPU and RSS are summed. */
  pids: readonly number[];
  identitiesFile: string;
}

export interface Measurement {
  load: LoadResult;
  /** Server process CPU (user + system) per 2xx response. */
  cpuMsPerRequest: number | null;
  /** PostgreSQL backend CPU per 2xx response. */
  dbCpuMsPerRequest: number | null;
  rssPeakMb: number;
  /** Every concurrent load of the command (e.g. the flood beside the reads). */
  others: LoadResult[];
}

export interface MeasureDeps {
  driver: LoadDriver;
  probe: DatabaseProbe;
}

export interface MeasuredLoad {
  target: Target;
  spec: LoadSpec;
  /** Loads run at the same time, not counted in the target's figures except CPU. */
  alongside?: LoadSpec[];
}

/**
 * Runs `spec` against `target` (and `alongside` loads at the same time, not counted in the
 * target's figures except CPU, which is per 2xx response of `spec`).
 */
export async function measure(
  deps: MeasureDeps,
  { target, spec, alongside = [] }: MeasuredLoad,
): Promise<Measurement> {
  const dbBefore = await deps.probe.backendCpu();
  const cpuBefore = cpuTimeMs(target.pids);
  const rss = sampleRss(target.pids);
  const [load, ...others] = await deps.driver.run(target.identitiesFile, [spec, ...alongside]);
  const { peakMb } = rss.stop();
  const cpuAfter = cpuTimeMs(target.pids);
  const dbAfter = await deps.probe.backendCpu();
  if (load === undefined) throw new Error('the load process returned no result');
  const perRequest = (ms: number | null): number | null =>
    ms === null || load.ok === 0 ? null : ms / load.ok;
  return {
    load,
    cpuMsPerRequest: perRequest(
      cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    ),
    dbCpuMsPerRequest: perRequest(backendCpuDelta(dbBefore, dbAfter)),
    rssPeakMb: peakMb,
    others,
  };
}
