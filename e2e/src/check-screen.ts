// One screen photographed at both sizes (screenshots.ts) and scanned by axe (accessibility.ts),
// light and, unless told otherwise, dark.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

import { seriousViolations } from './accessibility';
import { screenshotAllSizes, VIEWPORTS } from './screenshots';

export interface CheckScreenOptions {
  /** Also in the dark colour scheme, photographed as `<name>-dark` (default true). */
  dark?: boolean;
  /** Scan at every size in VIEWPORTS, not only the page's own (default false). */
  everySize?: boolean;
}

/** Screenshots at both sizes and an axe scan with no serious or critical violation. */
export async function checkScreen(
  page: Page,
  name: string,
  options: CheckScreenOptions = {},
): Promise<void> {
  const { dark = true, everySize = false } = options;
  await screenshotAllSizes(page, name);
  await scan(page, name, { scheme: 'light', everySize });
  if (!dark) return;
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshotAllSizes(page, `${name}-dark`);
  await scan(page, name, { scheme: 'dark', everySize });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function scan(
  page: Page,
  name: string,
  { scheme, everySize }: { scheme: 'light' | 'dark'; everySize: boolean },
): Promise<void> {
  if (!everySize) {
    const label =
      scheme === 'dark' ? `accessibility of ${name} (dark)` : `accessibility of ${name}`;
    expect(await seriousViolations(page), label).toEqual([]);
    return;
  }
  const original = page.viewportSize();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    expect(
      await seriousViolations(page),
      `accessibility of ${name} (${scheme}, ${String(viewport.width)} px)`,
    ).toEqual([]);
  }
  if (original !== null) await page.setViewportSize(original);
}
