import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { KeysetRowLoader, type LoadedRows, type PageFetcher } from './keyset-row-loader';

const NOTHING: LoadedRows = { rows: [], total: null, loading: false, error: null, complete: true, capped: false, incomplete: false };
const noSubscription = () => () => undefined;

/**
 * Rows of one query, loaded page by page. A new `fetchPage` (the filter
 * changed) starts a new walk from the newest row and abandons the old one;
 * `reload()` starts the same query again (new rows may have been written).
 */
export function useKeysetRows(fetchPage: PageFetcher | null, maxRows?: number): { loaded: LoadedRows; loadMore(): void; reload(): void } {
  const [generation, setGeneration] = useState(0);
  const [loader, setLoader] = useState<KeysetRowLoader | null>(null);

  useEffect(() => {
    if (!fetchPage) {
      setLoader(null);
      return;
    }
    const next = new KeysetRowLoader(fetchPage, maxRows);
    setLoader(next);
    void next.loadMore();
    return () => next.dispose();
  }, [fetchPage, maxRows, generation]);

  const subscribe = useCallback((listener: () => void) => (loader ? loader.subscribe(listener) : noSubscription()), [loader]);
  const loaded = useSyncExternalStore(subscribe, () => loader?.current ?? NOTHING);
  const loadMore = useCallback(() => void loader?.loadMore(), [loader]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { loaded, loadMore, reload };
}
