// Writes the PgBouncer and HAProxy configuration from deploy/local/templates/.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

/** Fills `{{name}}` placeholders; a placeholder without a value is a bug in the caller. */
export function renderTemplate(name: string, values: Readonly<Record<string, string>>): string {
  const template = readFileSync(join(templatesDir, name), 'utf8');
  return template.replaceAll(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template ${name}: no value for {{${key}}}`);
    return value;
  });
}

export function writeTemplate(
  runDir: string,
  name: string,
  values: Readonly<Record<string, string>>,
): string {
  const path = join(runDir, name);
  writeFileSync(path, renderTemplate(name, values), { mode: 0o600 });
  return path;
}
