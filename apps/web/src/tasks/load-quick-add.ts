// Loads the quick-add parser (chrono and the recurrence engine, about 90 kB gzip) after the first render, as the
// validators are: until it has loaded the composer shows no chips and saves the text as typed.
import { useEffect, useState } from 'react';

import type * as QuickAdd from '@tasklane/api/quick-add';

type QuickAddModule = typeof QuickAdd;

let loading: Promise<QuickAddModule | null> | null = null;

export function loadQuickAdd(): Promise<QuickAddModule | null> {
  loading ??= import('@tasklane/api/quick-add').catch(() => {
    loading = null;
    return null;
  });
  return loading;
}

/** The parser once loaded; null before (or if it cannot load, offline). */
export function useQuickAddParser(): QuickAddModule | null {
  const [parser, setParser] = useState<QuickAddModule | null>(null);
  useEffect(() => {
    let mounted = true;
    void loadQuickAdd().then((loaded) => {
      if (mounted) setParser(loaded);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return parser;
}
