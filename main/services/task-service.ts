/**
 * What the window (over IPC) and the CLI can do with tasks. Both call exactly this,
 * so they share every rule. All calls are scoped by business id; control writes are
 * small guarded writes of the task row (main/store/task-state-repo.ts), and the
 * supervisor is told at once. One start path for every kind: its facts validate the
 * input, its main side makes the title and params.
 */
import type { SettleResolution } from '../../common/ipc/contract.ts';
import type { BusinessId, RetryFailedAnswer, TaskId, TaskSnapshot } from '../../common/model.ts';
import { reason } from '../../common/reasons.ts';
import { TaskdeckError } from '../../common/result.ts';
import { ACTIVE_STATUSES, isFinished, isParked } from '../../common/tasks/state.ts';
import { issueLines } from '../../common/zod-issues.ts';
import type { Supervisor } from '../engine/supervisor.ts';
import { getBusiness } from '../store/businesses-repo.ts';
import type { Db } from '../store/db.ts';
import { itemIdsInState, settleItems, type JsonObject } from '../store/items-repo.ts';
import { countFailedLeftAlone, retryFailedChunk } from '../store/task-progress-repo.ts';
import type { RetryLeavesAlone } from '../../common/tasks/kind.ts';
import {
  clearPauseRequest,
  countSettled,
  dismiss,
  leaseToOwner,
  pauseIdle,
  releaseOwnerLease,
  requestCancel,
  requestPause,
  requeue,
} from '../store/task-state-repo.ts';
import { createTask, getTask, tasksInStatuses, toSnapshot, type TaskRow } from '../store/tasks-repo.ts';
import { SHIPPED_KINDS, type MainKinds } from '../tasks/registry.ts';
import { leaseIsFree, newLeaseNonce } from '../worker/lease.ts';

export interface TaskServiceOptions {
  db: Db;
  /** Absent in one-shot CLI commands: the durable flags in the row do the job. */
  supervisor?: Supervisor | undefined;
  /** The kinds it can start (the shipped ones unless a test adds one). */
  kinds?: MainKinds;
  /** Items per transaction of Retry failed (default RETRY_CHUNK). */
  retryChunk?: number;
  /** Told after each chunk of Retry failed, with how long its transaction held the write lock (tests, benches). */
  onRetryChunk?: (chunk: { taskId: TaskId; items: number; ms: number }) => void;
}

/** Failed items put back to pending per transaction: a few tens of milliseconds of write lock. */
export const RETRY_CHUNK = 5000;
/** Main holds a task's lease this long per chunk while its failed items go back to pending. */
const RETRY_LEASE_MS = 30_000;
/** The pause after each chunk: as long as the chunk held the lock, within these bounds. */
const RETRY_PAUSE_MIN_MS = 5;
const RETRY_PAUSE_MAX_MS = 50;

export class TaskService {
  private readonly db: Db;
  private readonly supervisor: Supervisor | undefined;
  private readonly kinds: MainKinds;
  private readonly retryChunk: number;
  private readonly onRetryChunk: TaskServiceOptions['onRetryChunk'];

  constructor(options: TaskServiceOptions) {
    this.db = options.db;
    this.supervisor = options.supervisor;
    this.kinds = options.kinds ?? SHIPPED_KINDS;
    this.retryChunk = Math.max(1, options.retryChunk ?? RETRY_CHUNK);
    this.onRetryChunk = options.onRetryChunk;
  }

  private snapshot(row: TaskRow): TaskSnapshot {
    const live = this.supervisor?.latestSnapshot(row.id);
    const snapshot = toSnapshot(row, live && live.version === row.version ? live.rate : null);
    this.supervisor?.emit(snapshot);
    return snapshot;
  }

  private refreshed(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    return this.snapshot(getTask(this.db, businessId, taskId));
  }

  /**
   * Starts a task of `kind`: the kind's facts check `input` (a clear error listing what
   * was refused), its main side makes the title and params (and may refuse, with words),
   * and the task is queued.
   */
  start(businessId: BusinessId, kind: string, input: unknown, title?: string): TaskSnapshot {
    getBusiness(this.db, businessId);
    const definition = this.kinds.find(kind);
    if (!definition) throw new TaskdeckError('bad_input', reason('unknownKind', { kind }));
    const parsed = definition.facts.input.safeParse(input);
    if (!parsed.success) {
      throw new TaskdeckError('bad_input', reason(definition.facts.words.invalidInput ?? 'startInputInvalid'), issueLines(parsed.error.issues));
    }
    const created = definition.create({ db: this.db, businessId, title }, parsed.data);
    const row = createTask(this.db, { businessId, kind, title: created.title, params: created.params });
    this.supervisor?.wake();
    return this.snapshot(row);
  }

  get(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    const live = this.supervisor?.latestSnapshot(row.id);
    return toSnapshot(row, live && live.version === row.version ? live.rate : null);
  }

  pause(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const ref = { businessId, taskId };
    const row = getTask(this.db, businessId, taskId);
    if (row.status === 'paused') return this.snapshot(row);
    if (isFinished(row.status)) throw finishedError(row);
    if (isParked({ status: row.status, leaseOwner: row.lease_owner }) || row.status === 'queued' || row.status === 'interrupted') {
      // No worker to tell.
      pauseIdle(this.db, ref);
    } else {
      void this.supervisor?.control(taskId, 'pause');
      requestPause(this.db, ref);
    }
    return this.refreshed(businessId, taskId);
  }

  /** The tray's "Pause all": every active task of every business. Returns how many. */
  pauseAll(): number {
    const active = tasksInStatuses(this.db, ACTIVE_STATUSES).filter((row) => !row.cancel_requested);
    for (const row of active) this.pause(row.business_id, row.id);
    return active.length;
  }

  resume(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const ref = { businessId, taskId };
    const row = getTask(this.db, businessId, taskId);
    if (row.cancel_requested) throw new TaskdeckError('conflict', reason('taskBeingCancelled'));
    const parked = isParked({ status: row.status, leaseOwner: row.lease_owner });
    if (row.status === 'paused' || parked || (row.status === 'failed' && row.crash_count > 0)) {
      requeue(this.db, ref, row.status);
    } else if (row.pause_requested) {
      clearPauseRequest(this.db, ref);
    } else if (isFinished(row.status)) {
      throw finishedError(row);
    }
    this.supervisor?.wake();
    return this.refreshed(businessId, taskId);
  }

  /** Resolves once the worker acknowledged (or at once when no worker runs it). */
  async cancel(businessId: BusinessId, taskId: TaskId): Promise<TaskSnapshot> {
    const row = getTask(this.db, businessId, taskId);
    if (isFinished(row.status)) throw finishedError(row);
    // The message first (fast: the worker stops at once), then the durable flag (survives a crash).
    const acknowledged = this.supervisor?.control(taskId, 'cancel');
    requestCancel(this.db, { businessId, taskId });
    const snapshot = this.refreshed(businessId, taskId);
    await acknowledged;
    this.supervisor?.wake();
    return snapshot;
  }

  /**
   * Failed items back to pending, so the task sends them again. A broadcast may have
   * 150,000 of them: one UPDATE would hold the write lock in main for a second or more,
   * stalling every worker and the window. So the items go back in chunks, each chunk with
   * its counters in one short transaction (the counters equal the item states after every
   * one), with a pause between chunks for other writers and the event loop.
   *
   * From the owner's point of view it is still one step. First, one small transaction
   * checks the task, takes its lease (as a worker would) and queues it again. While main
   * holds the lease no worker can take the task (the supervisor skips a leased task; a
   * worker that races in fails to take the lease and exits), so nothing is sent from a
   * half-reset set; the lease is given back after the last chunk and the task starts with
   * all of them. Each item moves failed → pending once (the chunk picks `state = 'failed'`
   * in the same transaction that changes it). If main dies half-way, its lease is free at
   * once (a dead owner) and the task runs the items already reset; the rest stay failed,
   * counted as such, and Retry failed takes them later.
   */
  async retryFailed(businessId: BusinessId, taskId: TaskId): Promise<RetryFailedAnswer> {
    const holder = `m:${process.pid}:${newLeaseNonce()}`;
    let leaveAlone: RetryLeavesAlone | undefined;
    let leftAlone = 0;
    let retried = 0;
    this.db
      .transaction(() => {
        const row = getTask(this.db, businessId, taskId);
        const facts = this.kinds.find(row.kind)?.facts;
        if (!facts?.retryFailed) throw new TaskdeckError('conflict', reason('retryNotForKind'));
        if (row.status === 'running' || row.status === 'waiting') throw new TaskdeckError('conflict', reason('retryNeedsPause'));
        if (row.failed === 0) throw new TaskdeckError('conflict', reason('retryNothingFailed'));
        leaveAlone = facts.retryLeavesAlone;
        leftAlone = countFailedLeftAlone(this.db, businessId, taskId, leaveAlone);
        if (leftAlone === row.failed) throw new TaskdeckError('conflict', reason('retryOnlyOptedOut', { count: leftAlone }));
        if (!leaseIsFree(row, holder) || !leaseToOwner(this.db, { businessId, taskId }, holder, RETRY_LEASE_MS)) {
          throw new TaskdeckError('conflict', reason('taskBusy'));
        }
      })
      .immediate();
    try {
      this.refreshed(businessId, taskId);
      for (;;) {
        const began = performance.now();
        const moved = retryFailedChunk(this.db, businessId, taskId, holder, this.retryChunk, RETRY_LEASE_MS, leaveAlone);
        if (moved === null) throw new TaskdeckError('conflict', reason('retryTakenOver'));
        retried += moved;
        const held = performance.now() - began;
        this.onRetryChunk?.({ taskId, items: moved, ms: held });
        if (moved < this.retryChunk) break;
        this.refreshed(businessId, taskId);
        // Other writers (workers, the supervisor, the window's own requests) get the lock.
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_PAUSE_MAX_MS, Math.max(RETRY_PAUSE_MIN_MS, held))));
      }
    } finally {
      releaseOwnerLease(this.db, taskId, holder);
    }
    this.supervisor?.wake();
    return { task: this.refreshed(businessId, taskId), retried, leftAlone };
  }

  dismiss(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    if (!isFinished(row.status)) throw new TaskdeckError('conflict', reason('dismissOnlyFinished'));
    dismiss(this.db, { businessId, taskId });
    return this.refreshed(businessId, taskId);
  }

  /**
   * The owner's decision on in-doubt items: mark them sent, send them again, or ask the
   * provider (the kind says whether its provider can tell: test mode can, WhatsApp cannot).
   */
  settleInDoubt(businessId: BusinessId, taskId: TaskId, resolution: SettleResolution, itemIds?: readonly number[]): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    const ids = itemIdsInState(this.db, businessId, taskId, 'in_doubt', itemIds);
    if (!ids.length) throw new TaskdeckError('conflict', reason('noInDoubtItems'));
    let sent: { id: number; result: JsonObject | null }[] = [];
    let again: number[] = [];
    if (resolution === 'mark-sent') sent = ids.map((id) => ({ id, result: null }));
    else if (resolution === 'send-again') again = ids;
    else {
      const answers = this.kinds.find(row.kind)?.askProvider?.(this.db, row, ids) ?? null;
      if (!answers) throw new TaskdeckError('conflict', reason('providerCannotTell'));
      for (const answer of answers) {
        if (answer.sent) sent.push({ id: answer.itemId, result: answer.result ?? null });
        else again.push(answer.itemId);
      }
    }
    this.db
      .transaction(() => {
        const note = reason(resolution === 'mark-sent' ? 'markedSentByOwner' : 'confirmedSentByProvider');
        const moved = settleItems(this.db, businessId, taskId, { sent, again, note });
        countSettled(this.db, { businessId, taskId }, moved);
      })
      .immediate();
    this.supervisor?.wake();
    return this.refreshed(businessId, taskId);
  }
}

function finishedError(row: TaskRow): TaskdeckError {
  const key = row.status === 'failed' ? 'taskAlreadyFailed' : row.status === 'cancelled' ? 'taskAlreadyCancelled' : 'taskAlreadyCompleted';
  return new TaskdeckError('conflict', reason(key));
}
