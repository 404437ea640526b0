/** Keeps a details list current while its task runs. */
import { useEffect, useRef } from 'react';
import type { PageCache } from '../../lib/page-cache.ts';

/** How often, at most, visible rows are refetched while the task's snapshots move. */
const LIVE_REFRESH_MS = 1000;

/** Refetch what is on screen when the task's version moves, at most once a second. */
export function useLiveRefresh(cache: PageCache<unknown>, version: number) {
  const lastRun = useRef(0);
  const seen = useRef(version);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    const wait = Math.max(0, lastRun.current + LIVE_REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastRun.current = Date.now();
      cache.refresh();
    }, wait);
    return () => clearTimeout(timer);
  }, [cache, version]);
}
