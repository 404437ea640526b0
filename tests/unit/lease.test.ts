/** When a task's lease may be taken: never from a live owner by expiry alone, unless it stayed silent for very long. */
import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../../main/store/tasks-repo.ts';
import { LIVE_OWNER_GRACE_MS, leaseIsFree } from '../../main/worker/lease.ts';

const NOW = 1_000_000_000;
// This test's own process: alive. A pid above Linux's largest possible one: gone.
const LIVE = `w:${process.pid}:abc`;
const GONE = 'w:4194999:abc';
const row = (owner: string | null, expiresAt: number | null) => ({ lease_owner: owner, lease_expires_at: expiresAt }) as TaskRow;

describe('leaseIsFree', () => {
  it('no owner, or the asker itself: free', () => {
    expect(leaseIsFree(row(null, null), 'w:1:x', NOW)).toBe(true);
    expect(leaseIsFree(row(LIVE, NOW + 5000), LIVE, NOW)).toBe(true);
  });

  it('a live owner: not free while its lease runs, nor when it expired (a laptop that slept)', () => {
    expect(leaseIsFree(row(LIVE, NOW + 5000), '', NOW)).toBe(false);
    expect(leaseIsFree(row(LIVE, NOW - LIVE_OWNER_GRACE_MS + 1000), '', NOW)).toBe(false);
  });

  it('a live owner silent past the grace (its pid may have been reused): free', () => {
    expect(leaseIsFree(row(LIVE, NOW - LIVE_OWNER_GRACE_MS - 1), '', NOW)).toBe(true);
  });

  it('a dead owner: free at once, expired or not', () => {
    expect(leaseIsFree(row(GONE, NOW + 5000), '', NOW)).toBe(true);
    expect(leaseIsFree(row(GONE, NOW - 1), '', NOW)).toBe(true);
  });
});
