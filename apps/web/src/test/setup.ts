import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

// jsdom has no scrolling; navigation scrolls to the top.
window.scrollTo = () => undefined;
