// What the API says about a key: never its secret or hash, only what lets a person recognise it.
import type { ApiKeyScope } from '../contract/api-key-rules';
import type { ApiKeyRecord } from './api-key-scope';

export interface ApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The first characters of the secret (`tlk_` and 8 more). */
  prefix: string;
  createdAt: Date;
  /** Updated at most once a minute; null until first used. */
  lastUsedAt: Date | null;
  /** Null: never expires. */
  expiresAt: Date | null;
}

export function toApiKey(row: ApiKeyRecord): ApiKey {
  return {
    id: row.id,
    name: row.name,
    // Written from the schema's list; the database holds nothing else.
    scopes: row.scopes as ApiKeyScope[],
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  };
}
