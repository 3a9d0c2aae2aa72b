// Debian's Chromium driven by playwright-core: no browser download. The background-networking
// flags keep Chromium from calling home, which floods a closed network with failing requests.
import { chromium, type Browser } from 'playwright-core';

import { chromiumPath } from './env';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}
