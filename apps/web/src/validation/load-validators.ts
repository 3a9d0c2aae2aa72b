// Loads the validators chunk once, early (when the browser is idle after the first render), so
// a submit never waits for it. If it cannot load (offline), forms go straight to the server,
// which applies the same rules.
import type * as ValidatorsModule from './validators';

type Validators = typeof ValidatorsModule;

let loading: Promise<Validators | null> | null = null;

export function loadValidators(): Promise<Validators | null> {
  loading ??= import('./validators').catch(() => {
    loading = null;
    return null;
  });
  return loading;
}

export function preloadValidators(): void {
  if (typeof window.requestIdleCallback === 'function') {
    window.requestIdleCallback(() => void loadValidators());
  } else {
    setTimeout(() => void loadValidators(), 200);
  }
}
