/** main/providers/unit-hash.ts: test mode's failure mix and the fake Graph API's random errors draw from it. */
import { describe, expect, it } from 'vitest';
import { unitHash } from '../../main/providers/unit-hash.ts';

describe('unitHash', () => {
  it('is stable: the same parts give the same number, here and after a restart', () => {
    // Pinned: test mode replays a seeded failure mix after a crash, and a seed chosen in a test must keep its meaning.
    expect(unitHash()).toBe(0.6180339886341244);
    expect(unitHash(1, 2, 3)).toBe(0.6754740150645375);
    expect(unitHash(42, 7, 0xbad)).toBe(0.3102843211963773);
    expect(unitHash(1, 2, 3)).toBe(unitHash(1, 2, 3));
  });

  it('depends on the order of the parts', () => {
    expect(unitHash(1, 2, 3)).not.toBe(unitHash(3, 2, 1));
  });

  it('stays in [0, 1) and spreads evenly', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = unitHash(7, i, 1);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const n of buckets) expect(n).toBeGreaterThan(850);
  });
});
