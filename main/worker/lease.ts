/**
 * Taking and giving back a task's lease. Whoever holds the lease may claim items;
 * taking it over from a dead worker turns that worker's claimed items into in-doubt.
 */
import { wordsToStore } from '../store/words.ts';
import { readFileSync } from 'node:fs';
import { FINISHED_STATUSES } from '../../common/tasks/state.ts';
import { reason } from '../../common/reasons.ts';
import { now, type Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import { getTaskById, type TaskRow } from '../store/tasks-repo.ts';

export const IN_DOUBT_REASON = reason('inDoubt');

/**
 * Kinds whose items have no side effect outside this database (reading mail, deleting
 * local copies inside a transaction): a claimed item of a dead worker is simply redone.
 * Every other kind talks to the outside world, so its claimed items become in-doubt.
 */
export const REPEATABLE_KINDS: readonly string[] = ['contacts-import', 'receipts-sync', 'receipts-delete'];

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

export function leaseIsFree(row: TaskRow, workerId: string, at = now()): boolean {
  if (!row.lease_owner || row.lease_owner === workerId) return true;
  if ((row.lease_expires_at ?? 0) < at) return true;
  return !ownerIsAlive(row.lease_owner);
}

export type LeaseResult = { ok: true; task: TaskRow; recoveredInDoubt: number } | { ok: false; reason: string };

export function acquireLease(db: Db, taskId: number, workerId: string, leaseMs: number): LeaseResult {
  return db
    .transaction((): LeaseResult => {
      const row = getTaskById(db, taskId);
      if (!row) return { ok: false, reason: 'no such task' };
      if (FINISHED_STATUSES.includes(row.status)) return { ok: false, reason: `task is ${row.status}` };
      if (!leaseIsFree(row, workerId)) return { ok: false, reason: `leased by ${row.lease_owner}` };
      const t = now();
      let recovered = 0;
      if (REPEATABLE_KINDS.includes(row.kind)) {
        // Reading mail or deleting local rows can simply be done again: no doubt to flag.
        stmt(db, "UPDATE task_items SET state = 'pending', updated_at = ? WHERE task_id = ? AND state = 'claimed'").run(t, taskId);
      } else {
        recovered = stmt(
          db,
          "UPDATE task_items SET state = 'in_doubt', reason = ?, updated_at = ? WHERE task_id = ? AND state = 'claimed'",
        ).run(wordsToStore(IN_DOUBT_REASON), t, taskId).changes;
      }
      stmt(
        db,
        `UPDATE tasks SET lease_owner = ?, lease_expires_at = ?, heartbeat_at = ?, attempts = attempts + 1,
           status = CASE WHEN cancel_requested = 1 THEN status ELSE 'running' END, wait_reason = NULL,
           last_error = CASE WHEN cancel_requested = 1 THEN last_error ELSE NULL END,
           started_at = coalesce(started_at, ?), in_doubt = in_doubt + ?, processed = processed + ?,
           updated_at = ?, version = version + 1
         WHERE id = ?`,
      ).run(workerId, t + leaseMs, t, t, recovered, recovered, t, taskId);
      return { ok: true, task: getTaskById(db, taskId)!, recoveredInDoubt: recovered };
    })
    .immediate();
}
