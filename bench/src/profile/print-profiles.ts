// After `pnpm bench -- --cpu-prof`: the summary of every profile the run wrote.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { renderSummary, summarizeCpuProfile, type CpuProfile } from './cpu-profile-summary';

export function printProfiles(dir: string, since: Date): void {
  if (!existsSync(dir)) {
    console.log(`no CPU profile in ${dir}: the server did not exit normally`);
    return;
  }
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).mtime >= since);
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    console.log(`\n## CPU profile ${file}\n\n${renderSummary(summarizeCpuProfile(profile, 20))}`);
  }
}
