import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The API runs in this process (render-app.tsx) and hands Node Buffers to its database driver,
// which checks `instanceof Uint8Array`. The jsdom environment installs the window's own typed
// arrays as globals, so a Buffer would fail that check: put Node's Uint8Array back.
const nodeUint8ArrayPrototype = Object.getPrototypeOf(Buffer.prototype) as Uint8Array;
globalThis.Uint8Array = nodeUint8ArrayPrototype.constructor as Uint8ArrayConstructor;

// findBy* and waitFor wait for a state the page must reach, by default for 1 s. That was a speed
// assertion in disguise: under a loaded machine (load average 30 on two cores) a signed-in page
// with its in-process API took longer and tests failed with the page right behind. Wait up to
// 10 s, within the 15 s test timeout, so a page that never gets there still fails with its own
// message.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

// jsdom has no scrolling; navigation scrolls to the top.
window.scrollTo = () => undefined;
