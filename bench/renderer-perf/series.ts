/**
 * Fixed columns of numbers in preallocated typed arrays: the bench records thousands
 * of pushes and commits without its own records growing the JS heap it reports
 * (V8 counts the typed arrays once, up front: about 1.3 MB for the bench's five columns).
 */
export class Series<K extends string> {
  private readonly columns: Record<K, Float64Array>;
  private readonly capacity: number;
  private n = 0;
  dropped = 0;

  constructor(names: readonly K[], capacity = 1 << 15) {
    this.capacity = capacity;
    this.columns = Object.fromEntries(names.map((name) => [name, new Float64Array(capacity)])) as Record<K, Float64Array>;
  }

  get length(): number {
    return this.n;
  }

  push(row: Record<K, number>): void {
    if (this.n === this.capacity) {
      this.dropped++;
      return;
    }
    for (const name in this.columns) this.columns[name][this.n] = row[name];
    this.n++;
  }

  /** Rows from index `from` whose `key` lies in [start, end), as plain objects. */
  rows(from = 0, key?: K, start = -Infinity, end = Infinity): Record<K, number>[] {
    const out: Record<K, number>[] = [];
    for (let i = from; i < this.n; i++) {
      if (key !== undefined) {
        const at = this.columns[key][i]!;
        if (at < start || at >= end) continue;
      }
      const row = {} as Record<K, number>;
      for (const name in this.columns) row[name] = this.columns[name][i]!;
      out.push(row);
    }
    return out;
  }

  /** One column from index `from`. */
  column(name: K, from = 0): number[] {
    return Array.from(this.columns[name].subarray(from, this.n));
  }
}
