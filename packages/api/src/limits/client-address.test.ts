import { expect, it } from 'vitest';

import { rateLimitAddress } from './client-address';

it('counts IPv4 addresses whole, IPv4-mapped IPv6 as IPv4, and IPv6 by /64', () => {
  expect(rateLimitAddress('203.0.113.7')).toBe('203.0.113.7');
  expect(rateLimitAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
  expect(rateLimitAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
  expect(rateLimitAddress('2001:0DB8:0001:0002::ffff')).toBe('2001:db8:1:2::/64');
  expect(rateLimitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
  expect(rateLimitAddress('::1')).toBe('0:0:0:0::/64');
  expect(rateLimitAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(rateLimitAddress('not-an-address')).toBe('not-an-address');
});
