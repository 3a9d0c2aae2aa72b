// HAProxy's runtime API over its admin socket: drain an instance before it restarts, put it
// back, and read how many requests each one is serving.
import { createConnection } from 'node:net';

export async function haproxyCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => {
      resolve(answer);
    });
    socket.on('error', reject);
  });
}

export interface ServerStat {
  name: string;
  /** UP, DOWN, DRAIN, MAINT, ... */
  status: string;
  /** Requests (sessions) the instance is serving now. */
  current: number;
}

/** The backend's servers from `show stat` (CSV whose header line starts with `# `). */
export async function backendStats(socketPath: string, backend: string): Promise<ServerStat[]> {
  const csv = await haproxyCommand(socketPath, 'show stat');
  const [header = '', ...rows] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const at = (row: string[], column: string) => row[columns.indexOf(column)] ?? '';
  return rows
    .map((line) => line.split(','))
    .filter((row) => at(row, 'pxname') === backend)
    .filter((row) => !['FRONTEND', 'BACKEND'].includes(at(row, 'svname')))
    .map((row) => ({
      name: at(row, 'svname'),
      status: at(row, 'status'),
      current: Number(at(row, 'scur')),
    }));
}
