import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// The API runs in this process (render-app.tsx) and hands Node Buffers to its database driver,
// which checks `instanceof Uint8Array`. The jsdom environment installs the window's own typed
// arrays as globals, so a Buffer would fail that check: put Node's Uint8Array back.
const nodeUint8ArrayPrototype = Object.getPrototypeOf(Buffer.prototype) as Uint8Array;
globalThis.Uint8Array = nodeUint8ArrayPrototype.constructor as Uint8ArrayConstructor;

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

// jsdom has no scrolling; navigation scrolls to the top.
window.scrollTo = () => undefined;
