import { useEffect, useReducer, useRef, useState } from 'react';
import { PageCache, type FetchPage } from './page-cache.ts';

/**
 * A PageCache bound to a component. `queryKey` identifies the query (filters,
 * search): when it changes, the cache starts over. The latest `fetchPage` is used.
 */
export function usePagedRows<T>(queryKey: string, fetchPage: FetchPage<T>, pageSize = 200): PageCache<T> {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const latest = useRef(fetchPage);
  latest.current = fetchPage;
  const [cache] = useState(() => new PageCache<T>((offset, limit) => latest.current(offset, limit), bump, pageSize));

  useEffect(() => {
    cache.reset((offset, limit) => latest.current(offset, limit));
  }, [cache, queryKey]);

  return cache;
}

/** The value after it has stopped changing for `ms` (search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
