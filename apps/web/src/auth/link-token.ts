// The token of a mailed link (`/reset-password#token=…`). It travels in the fragment, which the
// browser never sends to a server nor puts in a Referer; the page takes it, then drops it from
// the address bar and the history entry, so it is not left on screen or in a shared bookmark.
import { useEffect, useState } from 'react';

/** The `token` of a fragment such as `#token=abc`, or null. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}

/** The link's token, read once; the fragment is removed from the address once the page shows. */
export function useLinkToken(): string | null {
  const [token] = useState(() => tokenFromFragment(window.location.hash));
  useEffect(() => {
    if (window.location.hash !== '') {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, []);
  return token;
}
