// Runs a mailed link's mutation once when its page opens. A link works once, so the call must not
// repeat when React mounts the page twice (StrictMode in development) or re-renders it.
import { useEffect, useRef } from 'react';

export function useLinkOnce(token: string | null, redeem: (token: string) => void): void {
  const started = useRef(false);
  useEffect(() => {
    if (token === null || started.current) return;
    started.current = true;
    redeem(token);
  }, [token, redeem]);
}
