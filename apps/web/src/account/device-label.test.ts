import { expect, it } from 'vitest';

import { deviceLabel } from './device-label';
import { formatRelative } from './relative-time';

it.each([
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    'Chrome on Windows',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    'Safari on iOS',
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
    'Edge on macOS',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
    'Chrome on Android',
  ],
  ['curl/8.5.0', 'curl'],
  [null, 'Unknown device'],
  ['', 'Unknown device'],
])('names %s as %s', (userAgent, label) => {
  expect(deviceLabel(userAgent)).toBe(label);
});

it('says how long ago, in words', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  expect(formatRelative(new Date('2026-03-10T11:59:30Z'), now, 'en')).toBe('just now');
  expect(formatRelative(new Date('2026-03-10T11:55:00Z'), now, 'en')).toBe('5 minutes ago');
  expect(formatRelative(new Date('2026-03-09T12:00:00Z'), now, 'en')).toBe('yesterday');
});
