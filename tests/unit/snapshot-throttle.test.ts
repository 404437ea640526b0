import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSnapshotThrottle } from '../../main/ipc/snapshot-throttle.ts';

interface Snap {
  id: number;
  version: number;
}

describe('createSnapshotThrottle', () => {
  let delivered: Snap[];
  beforeEach(() => {
    vi.useFakeTimers();
    delivered = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const make = () => createSnapshotThrottle<Snap>((s) => delivered.push(s), 100);

  it('sends the first snapshot at once, then at most one per interval, ending with the latest', () => {
    const throttle = make();
    throttle.push({ id: 1, version: 1 });
    expect(delivered).toEqual([{ id: 1, version: 1 }]);
    for (let v = 2; v <= 50; v++) throttle.push({ id: 1, version: v });
    expect(delivered).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(delivered).toEqual([
      { id: 1, version: 1 },
      { id: 1, version: 50 },
    ]);
    vi.advanceTimersByTime(1000);
    expect(delivered).toHaveLength(2);
  });

  it('keeps a steady stream to about 10 a second per task', () => {
    const throttle = make();
    // A worker posting every 5 ms for 2 seconds: 400 snapshots.
    for (let i = 1; i <= 400; i++) {
      throttle.push({ id: 7, version: i });
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(200);
    expect(delivered.length).toBeGreaterThanOrEqual(19);
    expect(delivered.length).toBeLessThanOrEqual(22);
    expect(delivered.at(-1)).toEqual({ id: 7, version: 400 });
    const versions = delivered.map((s) => s.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('throttles each task on its own', () => {
    const throttle = make();
    throttle.push({ id: 1, version: 1 });
    throttle.push({ id: 1, version: 2 });
    throttle.push({ id: 2, version: 9 });
    expect(delivered).toEqual([
      { id: 1, version: 1 },
      { id: 2, version: 9 },
    ]);
    vi.advanceTimersByTime(100);
    expect(delivered.at(-1)).toEqual({ id: 1, version: 2 });
  });

  it('sends again at once after a quiet spell', () => {
    const throttle = make();
    throttle.push({ id: 1, version: 1 });
    vi.advanceTimersByTime(250);
    throttle.push({ id: 1, version: 2 });
    expect(delivered).toEqual([
      { id: 1, version: 1 },
      { id: 1, version: 2 },
    ]);
  });

  it('never sends an older version after a newer one', () => {
    const throttle = make();
    throttle.push({ id: 1, version: 5 });
    throttle.push({ id: 1, version: 4 });
    vi.advanceTimersByTime(100);
    throttle.push({ id: 1, version: 7 });
    throttle.push({ id: 1, version: 6 });
    vi.advanceTimersByTime(100);
    expect(delivered.map((s) => s.version)).toEqual([5, 7]);
  });

  it('lets the same version through again (a fresher rate on an unchanged row)', () => {
    const throttle = make();
    throttle.push({ id: 1, version: 3 });
    throttle.push({ id: 1, version: 3 });
    vi.advanceTimersByTime(100);
    expect(delivered.map((s) => s.version)).toEqual([3, 3]);
  });

  it('flush delivers what is pending; dispose drops it and stops', () => {
    const throttle = make();
    throttle.push({ id: 1, version: 1 });
    throttle.push({ id: 1, version: 2 });
    throttle.flush();
    expect(delivered.map((s) => s.version)).toEqual([1, 2]);
    throttle.push({ id: 1, version: 3 });
    throttle.push({ id: 1, version: 4 });
    throttle.dispose();
    vi.advanceTimersByTime(500);
    throttle.push({ id: 1, version: 5 });
    expect(delivered.map((s) => s.version)).toEqual([1, 2, 3]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps going when delivering throws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let calls = 0;
    const throttle = createSnapshotThrottle<Snap>(() => {
      calls++;
      throw new Error('window gone');
    }, 100);
    throttle.push({ id: 1, version: 1 });
    throttle.push({ id: 1, version: 2 });
    vi.advanceTimersByTime(100);
    expect(calls).toBe(2);
    errors.mockRestore();
  });
});
