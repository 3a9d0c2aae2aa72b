// The only place deploy/local reads process.env.
export interface DeployEnv {
  /** The PostgreSQL database the topology serves, reached directly (user, host, port, name). */
  postgresUrl: string;
  /** An existing database on the same server, to create the one above from. */
  adminDatabase: string;
  /** Handed to the processes it starts; the rest of its environment is not. */
  path: string;
}

export function readDeployEnv(source: NodeJS.ProcessEnv = process.env): DeployEnv {
  return {
    postgresUrl:
      source.TASKLANE_DEPLOY_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/tasklane_local',
    adminDatabase: source.TASKLANE_DEPLOY_ADMIN_DATABASE ?? 'postgres',
    path: source.PATH ?? '',
  };
}
