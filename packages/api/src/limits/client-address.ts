// The part of a client's address a rate limit counts. One IPv6 subscriber usually holds a whole
// /64 (2^64 addresses), so counting single IPv6 addresses would not limit anyone.

export function rateLimitAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!ip.includes(':')) return ip;
  const groups = expandIpv6(ip);
  return groups === null ? ip : `${groups.slice(0, 4).join(':')}::/64`;
}

/** Eight lower-case groups without leading zeros, or null when it is not plain IPv6. */
function expandIpv6(ip: string): string[] | null {
  const address = ip.split('%')[0] ?? ip;
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === undefined || halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves[1] === undefined || halves[1] === '' ? [] : halves[1].split(':');
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [
    ...head,
    ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => '0'),
    ...tail,
  ];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}
