// Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and says where the busy time went:
// self time per package and per function, as shares of the samples that were not idle.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface Share {
  name: string;
  /** Self time in milliseconds. */
  ms: number;
  /** Of the busy (not idle) time. */
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  packages: Share[];
  functions: Share[];
}

const IDLE = '(idle)';

/** `…/node_modules/.pnpm/a@1/node_modules/@scope/name/x.js` → `@scope/name`; ours are named too. */
export function packageOf(node: CpuProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const modules = url.split('/node_modules/');
  const last = modules.at(-1);
  if (modules.length > 1 && last !== undefined) {
    const [first = '', second = ''] = last.split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.includes('/apps/server/dist/')) return 'tasklane (server bundle)';
  return url;
}

function functionOf(node: CpuProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : ` ${packageOf(node)}:${String(lineNumber + 1)}`;
  return `${functionName === '' ? '(anonymous)' : functionName}${where}`;
}

/** Self time per node id: from the sample timeline when present, else hit counts. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples !== undefined && timeDeltas !== undefined && samples.length === timeDeltas.length) {
    // timeDeltas[i] is the time before sample i; it belongs to the sample it precedes.
    samples.forEach((id, index) => {
      times.set(id, (times.get(id) ?? 0) + (timeDeltas[index] ?? 0) / 1000);
    });
    return times;
  }
  const interval = 1; // ms; only the shares matter without a timeline
  for (const node of profile.nodes) times.set(node.id, (node.hitCount ?? 0) * interval);
  return times;
}

function ranked(totals: Map<string, number>, busyMs: number, limit: number): Share[] {
  return [...totals]
    .map(([name, ms]) => ({ name, ms, share: busyMs === 0 ? 0 : ms / busyMs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}

export function summarizeCpuProfile(profile: CpuProfile, limit = 15): ProfileSummary {
  const times = selfTimes(profile);
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyMs = 0;
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = times.get(node.id) ?? 0;
    if (ms === 0) continue;
    if (node.callFrame.functionName === IDLE) {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const pkg = packageOf(node);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const fn = functionOf(node);
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  return {
    busyMs,
    idleMs,
    packages: ranked(packages, busyMs, limit),
    functions: ranked(functions, busyMs, limit),
  };
}

export function renderSummary(summary: ProfileSummary): string {
  const table = (title: string, rows: Share[]) => [
    `| ${title} | self ms | share of busy time |`,
    '| --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.name.replaceAll('|', '\\|')} | ${row.ms.toFixed(0)} | ${(row.share * 100).toFixed(1)}% |`,
    ),
  ];
  return [
    `Busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms.`,
    '',
    ...table('package', summary.packages),
    '',
    ...table('function', summary.functions),
  ].join('\n');
}
