// What a page asked the API and heard, in order, with marks a test puts between: the message of a
// step that failed once, so that the next failure says what happened around it.
import type { Page } from 'playwright-core';

export interface ApiTimeline {
  mark(label: string): void;
  lines(): string[];
}

/** Starts recording the page's tRPC requests and answers (path and status, with error bodies). */
export function apiTimeline(page: Page): ApiTimeline {
  const started = Date.now();
  const entries: string[] = [];
  const at = (): string => `${String(Date.now() - started).padStart(5)} ms`;
  const path = (url: string): string => {
    const { pathname } = new URL(url);
    return pathname.replace('/api/trpc/', '');
  };
  page.on('request', (request) => {
    if (request.url().includes('/api/trpc/')) entries.push(`${at()} -> ${path(request.url())}`);
  });
  page.on('response', (response) => {
    if (!response.url().includes('/api/trpc/')) return;
    const line = `${at()} <- ${path(response.url())} ${String(response.status())}`;
    if (response.ok()) {
      entries.push(line);
      return;
    }
    // Error bodies are short and name the tRPC code and message; a stream is never an error.
    void response.text().then(
      (body) => entries.push(`${line} ${body.slice(0, 300)}`),
      () => entries.push(line),
    );
  });
  page.on('console', (message) => {
    entries.push(`${at()} console.${message.type()}: ${message.text().slice(0, 200)}`);
  });
  return {
    mark: (label) => entries.push(`${at()} --- ${label}`),
    lines: () => [...entries],
  };
}

/** The element that has the keyboard focus, briefly: its tag, role, name or type. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null) return 'nothing';
    const name =
      element.getAttribute('aria-label') ??
      (element instanceof HTMLInputElement ? (element.labels?.[0]?.textContent ?? '') : '');
    const type = element instanceof HTMLInputElement ? ` type=${element.type}` : '';
    return `${element.tagName.toLowerCase()}${type} "${name.slice(0, 60)}"`;
  });
}
