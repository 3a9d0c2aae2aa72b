// TRUST_PROXY as Fastify's `trustProxy`: "true", a hop count, or a list of addresses/CIDRs.
// Default off, so a client cannot choose its own address with X-Forwarded-For.
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) {
    const hops = Number.parseInt(trimmed, 10);
    // The same rule proxy-addr applies to a hop count: trust the nearest `hops` proxies.
    return (_address, hop) => hop < hops;
  }
  return trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
