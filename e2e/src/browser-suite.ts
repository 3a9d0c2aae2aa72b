// The setup every browser test file shares: the test server and Chromium started together before
// the file's tests, each test's contexts closed after it (with a screenshot of every open page when
// it failed), no console error allowed on any page, and whatever started stopped at the end.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { launchBrowser } from './browser';
import { SCREENSHOT_DIR, VIEWPORTS } from './screenshots';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';

export interface BrowserSuiteOptions {
  server?: TestServerOptions;
  /** Added to every context of the file: a locale, a time zone, permissions. */
  context?: BrowserContextOptions;
}

// Properties, not methods: the files take them out of the suite (`const { server } = ...`).
export interface BrowserSuite {
  server: () => TestServer;
  /** A context on the server at the phone size, closed after the test. */
  newContext: () => Promise<BrowserContext>;
  /** A page in `context`, or in a new context, whose script errors fail the test. */
  newPage: (context?: BrowserContext) => Promise<Page>;
}

/** Registers the file's hooks; call it once at the top of a test file. */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const contexts: BrowserContext[] = [];
  /** Console errors of the pages (a CSP violation, a React warning), other than refused requests. */
  const consoleErrors: string[] = [];
  /** What did start, so that afterAll stops it even when the other part failed to start. */
  const started: { server?: TestServer; browser?: Browser } = {};

  beforeAll(async () => {
    await Promise.all([
      startTestServer(options.server).then((result) => (started.server = result)),
      launchBrowser().then((result) => (started.browser = result)),
    ]);
  });

  // What each open page showed when a test failed, to see why.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      const pages = contexts.flatMap((browserContext) => browserContext.pages());
      for (const [index, page] of pages.entries()) {
        await page
          .screenshot({
            path: `${SCREENSHOT_DIR}/failure-${context.task.name.slice(0, 40)}-${index}.png`,
          })
          .catch(() => undefined);
      }
    }
    await Promise.all(contexts.splice(0).map((browserContext) => browserContext.close()));
    expect(consoleErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await started.browser?.close();
    await started.server?.stop();
  });

  function server(): TestServer {
    if (started.server === undefined) throw new Error('the test server starts in beforeAll');
    return started.server;
  }

  function browser(): Browser {
    if (started.browser === undefined) throw new Error('Chromium starts in beforeAll');
    return started.browser;
  }

  async function newContext(): Promise<BrowserContext> {
    const context = await browser().newContext({
      baseURL: server().url,
      viewport: VIEWPORTS[0],
      // The server's CSP (rightly) refuses inline scripts; axe-core is injected as one.
      bypassCSP: true,
      ...options.context,
    });
    contexts.push(context);
    return context;
  }

  async function newPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await newContext())).newPage();
    // A failed request or script error is a bug even when the screen looks right.
    page.on('pageerror', (error) => {
      throw error;
    });
    page.on('console', (message) => {
      // The browser logs every non-2xx response, and some are expected: a 401 from a revoked
      // session, a 404 for a wrong device code (the page says so in words).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
    return page;
  }

  return { server, newContext, newPage };
}
