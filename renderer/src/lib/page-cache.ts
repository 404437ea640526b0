/**
 * Rows fetched page by page as the list scrolls — never all at once. Holds a bounded
 * number of pages (farthest from view are dropped first), ignores answers for an old
 * query, and can mark pages stale so live updates refetch only what is on screen.
 */
import type { Page } from '../../../common/model.ts';
import { toUiError, type UiError } from './errors.ts';

export type FetchPage<T> = (offset: number, limit: number) => Promise<Page<T>>;

export class PageCache<T> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly onChange: () => void;
  private fetchPage: FetchPage<T>;
  private pages = new Map<number, T[]>();
  private stale = new Set<number>();
  private inflight = new Set<number>();
  private generation = 0;
  private lastRange: [number, number] = [0, 0];
  total: number | null = null;
  error: UiError | null = null;

  constructor(fetchPage: FetchPage<T>, onChange: () => void, pageSize = 200, maxPages = 40) {
    this.fetchPage = fetchPage;
    this.onChange = onChange;
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  get loading(): boolean {
    return this.inflight.size > 0;
  }

  /** A new query: forget everything and load the first page. */
  reset(fetchPage: FetchPage<T>): void {
    this.fetchPage = fetchPage;
    this.generation++;
    this.pages.clear();
    this.stale.clear();
    this.inflight.clear();
    this.total = null;
    this.error = null;
    this.lastRange = [0, 0];
    this.ensure(0, 0);
    this.onChange();
  }

  rowAt(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Loads the pages covering rows start..end (inclusive) that are missing or stale. */
  ensure(start: number, end: number): void {
    this.lastRange = [start, end];
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const last = Math.max(first, Math.floor(end / this.pageSize));
    for (let page = first; page <= last; page++) {
      if (this.total !== null && page * this.pageSize >= this.total && page > 0) break;
      if ((this.pages.has(page) && !this.stale.has(page)) || this.inflight.has(page)) continue;
      void this.load(page);
    }
  }

  /** Live update: every held page is stale; the visible ones are fetched again now. */
  refresh(): void {
    for (const page of this.pages.keys()) this.stale.add(page);
    if (this.pages.size === 0 && !this.inflight.has(0)) this.stale.add(0);
    this.ensure(...this.lastRange);
  }

  /** Replaces held rows that match, e.g. after a toggle answered by main. */
  patch(match: (row: T) => boolean, replacement: T): void {
    let changed = false;
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex(match);
      if (i >= 0) {
        const copy = rows.slice();
        copy[i] = replacement;
        this.pages.set(page, copy);
        changed = true;
      }
    }
    if (changed) this.onChange();
  }

  private async load(page: number): Promise<void> {
    const generation = this.generation;
    this.inflight.add(page);
    try {
      const result = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return;
      this.pages.set(page, result.rows);
      this.stale.delete(page);
      this.total = result.total;
      this.error = null;
      this.evict(page);
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = toUiError(error);
    } finally {
      if (generation === this.generation) {
        this.inflight.delete(page);
        this.onChange();
      }
    }
  }

  private evict(keep: number): void {
    if (this.pages.size <= this.maxPages) return;
    const centre = Math.floor((this.lastRange[0] + this.lastRange[1]) / 2 / this.pageSize);
    const byDistance = [...this.pages.keys()].filter((p) => p !== keep).sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    while (this.pages.size > this.maxPages) {
      const page = byDistance.shift();
      if (page === undefined) break;
      this.pages.delete(page);
      this.stale.delete(page);
    }
  }
}
