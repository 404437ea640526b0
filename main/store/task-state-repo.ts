/**
 * Every write of a task's status, lease and control flags, in one place. Each write is
 * guarded in SQL by the statuses its event may start from (common/tasks/state.ts), so a
 * write that would break the task's life changes nothing and says so (false, or no row).
 * Writes a worker makes are fenced by its lease as well: once another process owns the
 * task, they change nothing. Counters, cursors and heartbeats: task-progress-repo.ts.
 */
import type { Message } from '../../common/messages.ts';
import type { BusinessId, TaskId, WaitReason } from '../../common/model.ts';
import { reason } from '../../common/reasons.ts';
import { TRANSITIONS, type TaskEvent } from '../../common/tasks/state.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';
import type { TaskRow } from './tasks-repo.ts';
import { wordsToStore, wordsToStoreOrNull } from './words.ts';

export const IN_DOUBT_REASON = reason('inDoubt');
export const CANCELLED_REASON = reason('cancelledBeforeSent');

/** `status IN ('a', 'b')` for the statuses `event` may start from. */
function from(event: TaskEvent): string {
  return `status IN (${TRANSITIONS[event].from.map((s) => `'${s}'`).join(', ')})`;
}

// --- Taking and giving back the lease (workers) ------------------------------------------

/**
 * The worker `owner` takes the task: claimed items of a worker that is gone become in doubt
 * (a side effect that leaves the machine may have happened) or pending again (repeatable
 * work is simply redone). A task whose cancel was asked keeps its status: this worker only
 * finishes the cancel. Returns the number of items that became in doubt.
 */
export function takeLease(db: Db, taskId: TaskId, owner: string, leaseMs: number, repeatable: boolean): number {
  const t = now();
  let inDoubt = 0;
  if (repeatable) {
    stmt(db, "UPDATE task_items SET state = 'pending', updated_at = ? WHERE task_id = ? AND state = 'claimed'").run(t, taskId);
  } else {
    inDoubt = strandedToInDoubt(db, taskId, t);
  }
  stmt(
    db,
    `UPDATE tasks SET lease_owner = ?, lease_expires_at = ?, heartbeat_at = ?, attempts = attempts + 1,
       status = CASE WHEN cancel_requested = 1 THEN status ELSE '${TRANSITIONS.take.to}' END, wait_reason = NULL,
       last_error = CASE WHEN cancel_requested = 1 THEN last_error ELSE NULL END,
       started_at = coalesce(started_at, ?), in_doubt = in_doubt + ?, processed = processed + ?,
       updated_at = ?, version = version + 1
     WHERE id = ? AND ${from('take')}`,
  ).run(owner, t + leaseMs, t, t, inDoubt, inDoubt, t, taskId);
  return inDoubt;
}

/** Claimed items whose side effect may have happened become in doubt; returns how many. */
function strandedToInDoubt(db: Db, taskId: TaskId, t: number): number {
  return stmt(db, "UPDATE task_items SET state = 'in_doubt', reason = ?, updated_at = ? WHERE task_id = ? AND state = 'claimed'").run(
    wordsToStore(IN_DOUBT_REASON),
    t,
    taskId,
  ).changes;
}

/**
 * After an unexpected error a worker cannot know how far a claimed item got: in doubt, or
 * (repeatable work) pending again. Counted in the task. Returns how many became in doubt.
 */
export function settleStranded(db: Db, taskId: TaskId, repeatable: boolean): number {
  const t = now();
  if (repeatable) {
    stmt(db, "UPDATE task_items SET state = 'pending', updated_at = ? WHERE task_id = ? AND state = 'claimed'").run(t, taskId);
    return 0;
  }
  const n = strandedToInDoubt(db, taskId, t);
  if (n) stmt(db, 'UPDATE tasks SET in_doubt = in_doubt + ?, processed = processed + ? WHERE id = ?').run(n, n, taskId);
  return n;
}

/** The worker shows `waiting (reason)` with its words, or `running` again; false when it lost the lease. */
export function showWorkerStatus(db: Db, taskId: TaskId, owner: string, wait: { reason: WaitReason; words: Message } | null): boolean {
  const event: TaskEvent = wait ? 'wait' : 'run';
  return (
    stmt(
      db,
      `UPDATE tasks SET status = ?, wait_reason = ?, last_error = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND lease_owner = ? AND ${from(event)}`,
    ).run(TRANSITIONS[event].to, wait?.reason ?? null, wordsToStoreOrNull(wait?.words), now(), taskId, owner).changes > 0
  );
}

export type WorkerEnd =
  | { event: 'complete' }
  | { event: 'fail'; words: Message }
  | { event: 'cancel' }
  | { event: 'pause' }
  | { event: 'interrupt' }
  /** Waiting for its account, retried at `retryAt` (or at once when the owner fixes it). */
  | { event: 'park'; words: Message; retryAt: number };

/**
 * The worker's last write: the status its stop calls for, with the lease given back. A
 * cancel turns the items still pending into cancelled in the same transaction. False when
 * the worker no longer owns the task (nothing was written).
 */
export function endWorker(db: Db, task: Pick<TaskRow, 'id' | 'business_id'>, owner: string, end: WorkerEnd): boolean {
  const t = now();
  let set: string;
  const args: Record<string, unknown> = { t, id: task.id, owner };
  switch (end.event) {
    case 'complete':
      set = 'wait_reason = NULL, last_error = NULL, finished_at = @t';
      break;
    case 'fail':
      set = 'wait_reason = NULL, last_error = @words, finished_at = @t';
      args.words = wordsToStore(end.words);
      break;
    case 'cancel': {
      const n = stmt(
        db,
        `UPDATE task_items SET state = 'cancelled', reason = ?, updated_at = ? WHERE task_id = ? AND business_id = ? AND state = 'pending'`,
      ).run(wordsToStore(CANCELLED_REASON), t, task.id, task.business_id).changes;
      set = 'wait_reason = NULL, cancel_requested = 0, pause_requested = 0, finished_at = @t, cancelled = cancelled + @n, processed = processed + @n';
      args.n = n;
      break;
    }
    case 'pause':
      set = 'wait_reason = NULL, pause_requested = 0';
      break;
    case 'interrupt':
      set = 'wait_reason = NULL';
      break;
    case 'park':
      set = "wait_reason = 'account', last_error = @words, next_run_at = @retryAt, pause_requested = 0";
      args.words = wordsToStore(end.words);
      args.retryAt = end.retryAt;
      break;
  }
  return (
    stmt(
      db,
      `UPDATE tasks SET status = '${TRANSITIONS[end.event].to}', ${set}, lease_owner = NULL, lease_expires_at = NULL,
         updated_at = @t, version = version + 1
       WHERE id = @id AND lease_owner = @owner AND ${from(end.event)}`,
    ).run(args).changes > 0
  );
}

// --- The supervisor -------------------------------------------------------------------------

/**
 * A task left running by a process that is gone (app crash, killed CLI): interrupted, to be
 * resumed at once. Not the task's fault, so its crash count stays. Guarded by the lease it
 * had, so a task another process took meanwhile is left alone.
 */
export function markAbandoned(db: Db, task: Pick<TaskRow, 'id' | 'lease_owner'>): boolean {
  const t = now();
  return (
    stmt(
      db,
      `UPDATE tasks SET status = 'interrupted', wait_reason = NULL, lease_owner = NULL, lease_expires_at = NULL,
         next_run_at = @t, last_error = @error, updated_at = @t, version = version + 1
       WHERE id = @id AND ${from('crash')} AND lease_owner IS @owner`,
    ).run({ t, id: task.id, owner: task.lease_owner, error: wordsToStore(reason('appStoppedResuming')) }).changes > 0
  );
}

/**
 * A worker died under a living supervisor. Below `maxCrashes` in a row the task is
 * interrupted and resumes after `backoffMs`; at it, the task fails with the last error and
 * its stranded claims are settled, so every item shows a state.
 */
export function recordCrash(
  db: Db,
  task: Pick<TaskRow, 'id' | 'crash_count'>,
  owner: string | null,
  words: Message,
  options: { maxCrashes: number; backoffMs: number; repeatable: boolean },
): void {
  const crashes = task.crash_count + 1;
  const t = now();
  const fence = owner === null ? 'lease_owner IS NULL' : 'lease_owner = @owner';
  db.transaction(() => {
    if (crashes >= options.maxCrashes) {
      const stranded = options.repeatable ? 0 : strandedToInDoubt(db, task.id, t);
      stmt(
        db,
        `UPDATE tasks SET status = '${TRANSITIONS['give-up'].to}', wait_reason = NULL, lease_owner = NULL, lease_expires_at = NULL,
           crash_count = @crashes, finished_at = @t, in_doubt = in_doubt + @stranded, processed = processed + @stranded,
           last_error = @error, updated_at = @t, version = version + 1
         WHERE id = @id AND ${from('give-up')} AND ${fence}`,
      ).run({ crashes, t, stranded, id: task.id, owner, error: wordsToStore(reason('crashedTooOften', { reason: words, count: crashes })) });
    } else {
      stmt(
        db,
        `UPDATE tasks SET status = '${TRANSITIONS.crash.to}', wait_reason = NULL, lease_owner = NULL, lease_expires_at = NULL,
           crash_count = @crashes, next_run_at = @next, last_error = @error, updated_at = @t, version = version + 1
         WHERE id = @id AND ${from('crash')} AND ${fence}`,
      ).run({ crashes, next: t + options.backoffMs, error: wordsToStore(reason('crashResuming', { reason: words })), t, id: task.id, owner });
    }
  }).immediate();
}

/** A worker died before it took the lease: still a crash in a row, tried again after `backoffMs`. */
export function recordEarlyCrash(db: Db, task: Pick<TaskRow, 'id' | 'crash_count'>, backoffMs: number): void {
  stmt(db, "UPDATE tasks SET crash_count = ?, next_run_at = ?, version = version + 1 WHERE id = ? AND status IN ('queued', 'interrupted')").run(
    task.crash_count + 1,
    now() + backoffMs,
    task.id,
  );
}

/**
 * A task the supervisor does not start yet shows why: it could not be given its credentials
 * (waits for the account, with the service's words), or an earlier task of its business
 * must finish first (engine/ordering.ts). It is looked at again from `retryAt`.
 */
export function parkUnstarted(db: Db, taskId: TaskId, why: 'account' | 'earlier_task', words: Message, retryAt: number): void {
  stmt(
    db,
    `UPDATE tasks SET status = '${TRANSITIONS['park-unstarted'].to}', wait_reason = ?, last_error = ?, next_run_at = ?,
       updated_at = ?, version = version + 1
     WHERE id = ? AND lease_owner IS NULL AND ${from('park-unstarted')}`,
  ).run(why, wordsToStore(words), retryAt, now(), taskId);
}

/**
 * Parked tasks of a business try again now instead of after their retry time: the owner
 * fixed the account (a new WhatsApp token, Gmail reconnected). `kind` and `params` (JSON
 * paths and the values they must have) narrow it to the tasks that use that account.
 */
export function wakeParked(db: Db, businessId: BusinessId, filter: { kind?: string; params?: Readonly<Record<string, string | number>> } = {}): number {
  const clauses = ["business_id = ?", "status = 'waiting'", "wait_reason = 'account'", 'lease_owner IS NULL'];
  const args: unknown[] = [now(), businessId];
  if (filter.kind !== undefined) {
    clauses.push('kind = ?');
    args.push(filter.kind);
  }
  for (const [path, value] of Object.entries(filter.params ?? {})) {
    clauses.push('json_extract(params, ?) = ?');
    args.push(path, value);
  }
  return db.prepare(`UPDATE tasks SET next_run_at = 0, updated_at = ?, version = version + 1 WHERE ${clauses.join(' AND ')}`).run(...args).changes;
}

// --- The owner (TaskService) ----------------------------------------------------------------

type OwnerWrite = { businessId: BusinessId; taskId: TaskId };

function ownerWrite(db: Db, { businessId, taskId }: OwnerWrite, set: string, where: string, args: Record<string, unknown> = {}): boolean {
  return (
    db
      .prepare(`UPDATE tasks SET ${set}, updated_at = @t, version = version + 1 WHERE id = @id AND business_id = @businessId AND ${where}`)
      .run({ ...args, t: now(), id: taskId, businessId }).changes > 0
  );
}

/** Pause with no worker to tell: queued, interrupted, or parked for its account. */
export function pauseIdle(db: Db, ref: OwnerWrite): boolean {
  return ownerWrite(db, ref, "status = 'paused', wait_reason = NULL", `${from('pause-idle')} AND (status != 'waiting' OR lease_owner IS NULL)`);
}

/** Ask the worker that runs it to pause: the durable flag (its message goes first, by the supervisor). */
export function requestPause(db: Db, ref: OwnerWrite): boolean {
  return ownerWrite(db, ref, 'pause_requested = 1', from('pause'));
}

export function clearPauseRequest(db: Db, ref: OwnerWrite): boolean {
  return ownerWrite(db, ref, 'pause_requested = 0', "status IN ('running', 'waiting', 'queued', 'interrupted')");
}

/** Ask for a cancel: the worker running it, or a short one the supervisor starts, finishes it. */
export function requestCancel(db: Db, ref: OwnerWrite): boolean {
  return ownerWrite(db, ref, 'cancel_requested = 1', from('cancel'));
}

/** Queued again: Resume of a paused or parked task, or of one that failed by crashing too often. */
export function requeue(db: Db, ref: OwnerWrite, fromStatus: TaskRow['status']): boolean {
  if (!TRANSITIONS.requeue.from.includes(fromStatus)) return false;
  return ownerWrite(db, ref, "status = 'queued', pause_requested = 0, next_run_at = 0, crash_count = 0, finished_at = NULL", 'status = @from', {
    from: fromStatus,
  });
}

/** A finished task leaves the list (its row and items stay). */
export function dismiss(db: Db, ref: OwnerWrite): boolean {
  return ownerWrite(db, ref, 'dismissed_at = @t', "status IN ('completed', 'cancelled', 'failed')");
}

/**
 * main takes the task's lease as a worker would (owner `m:<pid>:<nonce>`), so no worker
 * starts on it while main changes its items in chunks (Retry failed), and queues it again.
 */
export function leaseToOwner(db: Db, ref: OwnerWrite, holder: string, leaseMs: number): boolean {
  const t = now();
  return ownerWrite(
    db,
    ref,
    `lease_owner = @holder, lease_expires_at = @until, status = CASE WHEN status = 'paused' THEN 'paused' ELSE 'queued' END,
     finished_at = NULL, next_run_at = 0, crash_count = 0, last_error = NULL, cancel_requested = 0`,
    "status NOT IN ('running', 'waiting')",
    { holder, until: t + leaseMs },
  );
}

/** Gives main's lease back (after the last chunk, or when main fails half-way). */
export function releaseOwnerLease(db: Db, taskId: TaskId, holder: string): void {
  stmt(db, 'UPDATE tasks SET lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND lease_owner = ?').run(
    now(),
    taskId,
    holder,
  );
}

/**
 * In-doubt items settled by the owner: `sent` of them counted as succeeded, `again` back to
 * pending (a finished task is queued again for them).
 */
export function countSettled(db: Db, ref: OwnerWrite, settled: { sent: number; again: number }): void {
  ownerWrite(
    db,
    ref,
    `in_doubt = in_doubt - @moved, succeeded = succeeded + @sent, processed = processed - @again,
     status = CASE WHEN @again > 0 AND status IN ('completed', 'cancelled', 'failed') THEN 'queued' ELSE status END,
     finished_at = CASE WHEN @again > 0 AND status IN ('completed', 'cancelled', 'failed') THEN NULL ELSE finished_at END,
     cancel_requested = CASE WHEN @again > 0 THEN 0 ELSE cancel_requested END`,
    '1 = 1',
    { moved: settled.sent + settled.again, sent: settled.sent, again: settled.again },
  );
}
