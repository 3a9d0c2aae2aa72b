// The only place the bench reads process.env.
export interface BenchEnv {
  /** A PostgreSQL server where the bench may create and drop its own databases. */
  adminUrl: string;
  /** Passed to the servers the bench starts; the rest of its environment is not. */
  path: string;
}

export function readBenchEnv(source: NodeJS.ProcessEnv = process.env): BenchEnv {
  return {
    adminUrl: source.TASKLANE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    path: source.PATH ?? '',
  };
}
