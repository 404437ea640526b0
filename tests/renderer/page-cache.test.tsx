/** PageCache: pages on demand, bounded memory, stale answers dropped, live refresh of the view. */
import { describe, expect, test } from 'vitest';
import type { Page } from '../../common/model.ts';
import { PageCache } from '../../renderer/src/lib/page-cache.ts';

function source(total: number) {
  const calls: [number, number][] = [];
  const pending: (() => void)[] = [];
  const fetch = (offset: number, limit: number) => {
    calls.push([offset, limit]);
    return new Promise<Page<number>>((resolve) =>
      pending.push(() => resolve({ rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i), total, offset })),
    );
  };
  const settle = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { calls, fetch, settle };
}

describe('PageCache', () => {
  test('fetches only the pages a range needs, once each', async () => {
    const s = source(200_000);
    const cache = new PageCache(s.fetch, () => undefined, 200, 40);
    cache.reset(s.fetch);
    cache.ensure(0, 30);
    await s.settle();
    expect(s.calls).toEqual([[0, 200]]);
    expect(cache.total).toBe(200_000);
    cache.ensure(150_100, 150_130);
    cache.ensure(150_100, 150_130);
    await s.settle();
    expect(s.calls).toEqual([
      [0, 200],
      [150_000, 200],
    ]);
    expect(cache.rowAt(150_123)).toBe(150_123);
    expect(cache.rowAt(5_000)).toBeUndefined();
  });

  test('keeps at most maxPages pages, dropping the farthest', async () => {
    const s = source(200_000);
    const cache = new PageCache(s.fetch, () => undefined, 200, 3);
    cache.reset(s.fetch);
    for (const start of [0, 200, 400, 600, 800]) {
      cache.ensure(start, start + 10);
      await s.settle();
    }
    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.rowAt(805)).toBe(805);
    expect(cache.rowAt(605)).toBe(605);
  });

  test('an answer for an old query is ignored after reset', async () => {
    const s = source(1000);
    const cache = new PageCache(s.fetch, () => undefined, 200, 40);
    cache.reset(s.fetch);
    const other = source(7);
    cache.reset(other.fetch);
    await s.settle();
    expect(cache.total).toBeNull();
    await other.settle();
    expect(cache.total).toBe(7);
  });

  test('refresh refetches only the pages in view', async () => {
    const s = source(200_000);
    const cache = new PageCache(s.fetch, () => undefined, 200, 40);
    cache.reset(s.fetch);
    await s.settle();
    cache.ensure(1_000, 1_020);
    await s.settle();
    s.calls.length = 0;
    cache.refresh();
    await s.settle();
    expect(s.calls).toEqual([[1_000, 200]]);
    // The other held page is stale and refetched only when it comes into view again.
    cache.ensure(0, 10);
    await s.settle();
    expect(s.calls).toEqual([
      [1_000, 200],
      [0, 200],
    ]);
  });
});
