/**
 * A virtualized list over a PageCache: fixed-height rows (smooth at 200,000 rows),
 * pages fetched for what is on screen once scrolling rests, placeholders meanwhile.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { PageCache } from '../lib/page-cache.ts';

export interface VirtualRowsProps<T> {
  cache: PageCache<T>;
  rowHeight: number;
  label: string;
  renderRow(row: T, index: number): ReactNode;
  renderPlaceholder?(index: number): ReactNode;
  /** Column headings, aligned with the rows by the same grid. */
  head?: ReactNode;
  className?: string;
}

export function VirtualRows<T>({ cache, rowHeight, label, renderRow, renderPlaceholder, head, className }: VirtualRowsProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = cache.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    // Wait for scrolling to rest a moment: a fling across 200k rows fetches only where it stops.
    const timer = setTimeout(() => cache.ensure(first, last), 60);
    return () => clearTimeout(timer);
  }, [cache, first, last]);

  return (
    <div className={`vlist ${className ?? ''}`}>
      {head ? (
        <div className="vlist__head" aria-hidden="true">
          {head}
        </div>
      ) : null}
      <div ref={scroller} className="vlist__scroller" role="list" aria-label={label} tabIndex={0}>
        <div className="vlist__inner" style={{ blockSize: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = cache.rowAt(item.index);
            return (
              <div
                key={item.key}
                role="listitem"
                aria-setsize={count}
                aria-posinset={item.index + 1}
                className={row === undefined ? 'vrow vrow--placeholder' : 'vrow'}
                style={{ blockSize: rowHeight, transform: `translateY(${item.start}px)` }}
              >
                {row === undefined ? (renderPlaceholder?.(item.index) ?? <span className="skeleton" />) : renderRow(row, item.index)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
