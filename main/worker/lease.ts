/**
 * Taking and giving back a task's lease. Whoever holds the lease may claim items;
 * taking it over from a dead worker turns that worker's claimed items into in-doubt.
 */
import { readFileSync } from 'node:fs';
import type { KindSet } from '../../common/tasks/kinds.ts';
import { isFinished } from '../../common/tasks/state.ts';
import { now, type Db } from '../store/db.ts';
import { takeLease } from '../store/task-state-repo.ts';
import { getTaskById, type TaskRow } from '../store/tasks-repo.ts';

/** Lease owners are `w:<pid>:<nonce>`, so a supervisor can see a dead owner at once. */
export function makeWorkerId(pid: number, nonce: string): string {
  return `w:${pid}:${nonce}`;
}

export function newLeaseNonce(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

export function ownedBy(owner: string | null, nonce: string): boolean {
  return owner !== null && owner.endsWith(`:${nonce}`);
}

export function ownerIsAlive(owner: string): boolean {
  const pid = Number(owner.split(':')[1]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  return !isZombie(pid);
}

/**
 * A killed worker whose parent died too can linger as a zombie (no init to reap it
 * in a container); signal 0 still succeeds for it. On Linux, /proc tells.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * How long a lease may stay expired while its owner process is alive before it is taken
 * anyway. Expiry is wall-clock time, and a laptop that sleeps for two hours wakes with every
 * lease expired and every worker fine: expiry alone must not hand a live worker's task to
 * another process (the app's and the CLI's supervisors share the file). The bound is there
 * because a process id can be reused after a crash (quickly on Windows): an "alive" owner
 * silent for this long is taken as gone.
 */
export const LIVE_OWNER_GRACE_MS = 10 * 60_000;

export function leaseIsFree(row: TaskRow, workerId: string, at = now()): boolean {
  if (!row.lease_owner || row.lease_owner === workerId) return true;
  if (!ownerIsAlive(row.lease_owner)) return true;
  return at - (row.lease_expires_at ?? 0) > LIVE_OWNER_GRACE_MS;
}

export type LeaseResult = { ok: true; task: TaskRow; recoveredInDoubt: number } | { ok: false; reason: string };

/**
 * Takes the task's lease for the worker `workerId` when it is free (no owner, an expired
 * one, or a dead owner process). Claimed items of the worker before become in doubt, or
 * pending again when the kind's work is repeatable (task-state-repo.ts, `takeLease`).
 */
export function acquireLease(db: Db, taskId: number, workerId: string, leaseMs: number, kinds: KindSet): LeaseResult {
  return db
    .transaction((): LeaseResult => {
      const row = getTaskById(db, taskId);
      if (!row) return { ok: false, reason: 'no such task' };
      if (isFinished(row.status)) return { ok: false, reason: `task is ${row.status}` };
      if (!leaseIsFree(row, workerId)) return { ok: false, reason: `leased by ${row.lease_owner}` };
      // A kind this build does not know is treated as one whose side effect leaves the machine: never redone.
      const repeatable = kinds.find(row.kind)?.sideEffect === 'repeatable';
      const recovered = takeLease(db, taskId, workerId, leaseMs, repeatable);
      return { ok: true, task: getTaskById(db, taskId)!, recoveredInDoubt: recovered };
    })
    .immediate();
}
