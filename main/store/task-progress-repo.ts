/**
 * A running task's progress in its row: counters, cursors, the heartbeat that keeps its
 * lease, and the control flags a worker reads. Status writes are in task-state-repo.ts.
 */
import type { TaskCounters, TaskId } from '../../common/model.ts';
import type { RetryLeavesAlone } from '../../common/tasks/kind.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';

export type CounterDelta = Partial<TaskCounters>;

export interface ProgressExtra {
  /** The highest item seq processed (for display; pending items in seq order are the real cursor). */
  cursor?: number;
  /** How far planning got (a contact id, CSV units read). */
  planCursor?: number;
  phase?: string;
  /** A text position (a Gmail page token or history point); null clears it. */
  cursorText?: string | null;
}

export interface Fence {
  owner: string | null;
  cancelRequested: boolean;
  pauseRequested: boolean;
}

/** Who owns the task and what the owner asked for, read inside the worker's transaction. */
export function readFence(db: Db, taskId: TaskId): Fence | undefined {
  const row = stmt(db, 'SELECT lease_owner, cancel_requested, pause_requested FROM tasks WHERE id = ?').get(taskId) as
    | { lease_owner: string | null; cancel_requested: number; pause_requested: number }
    | undefined;
  return row && { owner: row.lease_owner, cancelRequested: row.cancel_requested === 1, pauseRequested: row.pause_requested === 1 };
}

/**
 * Adds `delta` to the counters, moves the cursors and renews the lease; any committed
 * progress ends a run of crashes. Called inside the worker's fenced transaction.
 */
export function addProgress(db: Db, taskId: TaskId, delta: CounterDelta, extra: ProgressExtra, leaseMs: number): void {
  const t = now();
  stmt(
    db,
    `UPDATE tasks SET
       total = total + @total, processed = processed + @processed, succeeded = succeeded + @succeeded,
       failed = failed + @failed, cancelled = cancelled + @cancelled, skipped = skipped + @skipped,
       in_doubt = in_doubt + @inDoubt,
       cursor = max(cursor, @cursor), plan_cursor = coalesce(@planCursor, plan_cursor), phase = coalesce(@phase, phase),
       cursor_text = CASE WHEN @setCursorText = 1 THEN @cursorText ELSE cursor_text END,
       crash_count = CASE WHEN @processed > 0 THEN 0 ELSE crash_count END,
       heartbeat_at = @t, lease_expires_at = @leaseUntil, updated_at = @t, version = version + 1
     WHERE id = @id`,
  ).run({
    total: delta.total ?? 0,
    processed: delta.processed ?? 0,
    succeeded: delta.succeeded ?? 0,
    failed: delta.failed ?? 0,
    cancelled: delta.cancelled ?? 0,
    skipped: delta.skipped ?? 0,
    inDoubt: delta.inDoubt ?? 0,
    cursor: extra.cursor ?? 0,
    planCursor: extra.planCursor ?? null,
    phase: extra.phase ?? null,
    setCursorText: extra.cursorText === undefined ? 0 : 1,
    cursorText: extra.cursorText ?? null,
    t,
    leaseUntil: t + leaseMs,
    id: taskId,
  });
}

/** The worker's heartbeat: its lease goes on for `leaseMs`. False when it is not the owner any more. */
export function renewLease(db: Db, taskId: TaskId, owner: string, leaseMs: number): boolean {
  const t = now();
  return stmt(db, 'UPDATE tasks SET heartbeat_at = ?, lease_expires_at = ? WHERE id = ? AND lease_owner = ?').run(t, t + leaseMs, taskId, owner).changes > 0;
}

/**
 * Failed items Retry failed keeps as they are, as SQL over `task_items`:
 * 'opted-out-recipients': the item's subject (a phone) is a contact of the business who is
 * opted out now, by this failure (WhatsApp's "stopped marketing messages") or since.
 */
const LEFT_ALONE_SQL: Record<RetryLeavesAlone, string> = {
  'opted-out-recipients': `EXISTS (SELECT 1 FROM contacts c
     WHERE c.business_id = task_items.business_id AND c.phone = task_items.subject AND c.opted_out = 1)`,
};

/** How many failed items of the task Retry failed would keep as they are. */
export function countFailedLeftAlone(db: Db, businessId: number, taskId: TaskId, leaveAlone: RetryLeavesAlone | undefined): number {
  if (!leaveAlone) return 0;
  return (
    stmt(
      db,
      `SELECT count(*) AS n FROM task_items WHERE task_id = ? AND business_id = ? AND state = 'failed' AND ${LEFT_ALONE_SQL[leaveAlone]}`,
    ).get(taskId, businessId) as { n: number }
  ).n;
}

/**
 * One chunk of Retry failed, under main's lease (`holder`): up to `limit` failed items back to
 * pending, with their counters, in one transaction. Returns how many moved, or null when main
 * lost the lease (nothing moved then).
 */
export function retryFailedChunk(
  db: Db,
  businessId: number,
  taskId: TaskId,
  holder: string,
  limit: number,
  leaseMs: number,
  leaveAlone?: RetryLeavesAlone,
): number | null {
  return db
    .transaction(() => {
      const fence = readFence(db, taskId);
      if (fence?.owner !== holder) return null;
      const t = now();
      const keep = leaveAlone ? `AND NOT ${LEFT_ALONE_SQL[leaveAlone]}` : '';
      const moved = stmt(
        db,
        `UPDATE task_items SET state = 'pending', reason = NULL, not_before = NULL, updated_at = ?
         WHERE id IN (SELECT id FROM task_items WHERE task_id = ? AND business_id = ? AND state = 'failed' ${keep} ORDER BY seq LIMIT ?)`,
      ).run(t, taskId, businessId, limit).changes;
      stmt(
        db,
        `UPDATE tasks SET failed = failed - ?, processed = processed - ?, lease_expires_at = ?, updated_at = ?, version = version + 1
         WHERE id = ? AND business_id = ?`,
      ).run(moved, moved, t + leaseMs, t, taskId, businessId);
      return moved;
    })
    .immediate();
}
