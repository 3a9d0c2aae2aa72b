// AUTH_SECRET, or in development a generated one kept under DATA_DIR so tokens survive restarts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function resolveAuthSecret(options: {
  secret: string | undefined;
  dataDir: string;
}): Uint8Array {
  if (options.secret !== undefined) return new TextEncoder().encode(options.secret);
  const file = join(options.dataDir, 'auth-secret');
  try {
    return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'));
  } catch {
    mkdirSync(options.dataDir, { recursive: true });
    const secret = randomBytes(48);
    writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
    return new Uint8Array(secret);
  }
}
