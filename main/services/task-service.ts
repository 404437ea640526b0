/**
 * What the window (over IPC) and the CLI can do with tasks. Both call exactly this,
 * so they share every rule. All calls are scoped by business id; control writes are
 * small guarded updates of the task row, and the supervisor is told at once.
 */
import { verbatim } from '../../common/messages.ts';
import { existsSync, statSync } from 'node:fs';
import type { BusinessId, TaskId, TaskSnapshot } from '../../common/model.ts';
import { FINISHED_STATUSES } from '../../common/tasks/state.ts';
import { reason } from '../../common/reasons.ts';
import { TaskdeckError } from '../../common/result.ts';
import type { SettleResolution } from '../../common/ipc/contract.ts';
import { broadcastParams, providerChoice, type BroadcastParamsInput } from '../../common/tasks/broadcast/params.ts';
import { contactsImportParams } from '../../common/tasks/contacts-import/params.ts';
import type { ContactsImportParams } from '../../common/tasks/contacts-import/params.ts';
import { receiptsSyncParams } from '../../common/tasks/receipts-sync/params.ts';
import { findGmailConnection } from '../store/gmail-repo.ts';
import { createReceiptsDeleteTask } from '../receipts/delete-task.ts';
import { now, type Db } from '../store/db.ts';
import { getBusiness } from '../store/businesses-repo.ts';
import { itemIdsInState } from '../store/items-repo.ts';
import { stmt } from '../store/statements.ts';
import { createTask, getTask, parseParams, tasksInStatuses, toSnapshot, transition, type TaskRow } from '../store/tasks-repo.ts';
import { settleFromOutbox } from '../providers/test-mode.ts';
import type { Supervisor } from '../engine/supervisor.ts';
import { leaseIsFree, newLeaseNonce } from '../worker/lease.ts';

export interface TaskServiceOptions {
  db: Db;
  /** Absent in one-shot CLI commands: the durable flags in the row do the job. */
  supervisor?: Supervisor | undefined;
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
  private readonly retryChunk: number;
  private readonly onRetryChunk: TaskServiceOptions['onRetryChunk'];

  constructor(options: TaskServiceOptions) {
    this.db = options.db;
    this.supervisor = options.supervisor;
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

  startBroadcast(businessId: BusinessId, input: { title?: string | undefined; params: BroadcastParamsInput }): TaskSnapshot {
    getBusiness(this.db, businessId);
    const parsed = broadcastParams.safeParse(input.params);
    if (!parsed.success) {
      throw new TaskdeckError('bad_input', 'The broadcast settings are not valid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    }
    const params = parsed.data;
    if (params.recipients.type === 'csv') assertReadableFile(params.recipients.path);
    const title = verbatim(input.title ?? defaultTitle(params.template));
    const row = createTask(this.db, { businessId, kind: 'broadcast', title, params });
    this.supervisor?.wake();
    return this.snapshot(row);
  }

  importContacts(businessId: BusinessId, input: ContactsImportParams): TaskSnapshot {
    getBusiness(this.db, businessId);
    const params = contactsImportParams.parse(input);
    assertReadableFile(params.path);
    const file = params.path.split(/[\\/]/).pop() ?? params.path;
    const row = createTask(this.db, { businessId, kind: 'contacts-import', title: verbatim(file), params });
    this.supervisor?.wake();
    return this.snapshot(row);
  }

  /** Copies receipts from the business's Gmail; the first run is full, later ones incremental. */
  startReceiptsSync(businessId: BusinessId, input: unknown = {}): TaskSnapshot {
    getBusiness(this.db, businessId);
    const parsed = receiptsSyncParams.safeParse(input);
    if (!parsed.success) throw new TaskdeckError('bad_input', 'The sync settings are not valid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    if (!findGmailConnection(this.db, businessId)) throw new TaskdeckError('conflict', reason('gmailConnectFirst'));
    const running = this.db
      .prepare("SELECT id FROM tasks WHERE business_id = ? AND kind = 'receipts-sync' AND status NOT IN ('completed', 'cancelled', 'failed')")
      .get(businessId) as { id: number } | undefined;
    if (running) throw new TaskdeckError('conflict', reason('gmailSyncRunning', { task: running.id }));
    const row = createTask(this.db, { businessId, kind: 'receipts-sync', title: reason('titleReceiptsSync'), params: parsed.data });
    this.supervisor?.wake();
    return this.snapshot(row);
  }

  /** Deletes local copies of receipts (never mail in Gmail), as a cancellable task. */
  deleteReceipts(businessId: BusinessId, params: unknown, title?: string): TaskSnapshot {
    getBusiness(this.db, businessId);
    const { task } = createReceiptsDeleteTask(this.db, businessId, params, title === undefined ? undefined : verbatim(title));
    this.supervisor?.wake();
    return this.snapshot(task);
  }

  get(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    const live = this.supervisor?.latestSnapshot(row.id);
    return toSnapshot(row, live && live.version === row.version ? live.rate : null);
  }

  pause(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    if (row.status === 'paused') return this.snapshot(row);
    if (row.status === 'waiting' && row.lease_owner === null) {
      // Parked for its account: no worker to tell.
      transition(this.db, businessId, taskId, ['waiting'], { status: 'paused', wait_reason: null });
    } else if (row.status === 'running' || row.status === 'waiting') {
      void this.supervisor?.control(taskId, 'pause');
      transition(this.db, businessId, taskId, ['running', 'waiting'], { pause_requested: 1 });
    } else if (row.status === 'queued' || row.status === 'interrupted') {
      transition(this.db, businessId, taskId, ['queued', 'interrupted'], { status: 'paused' });
    } else {
      throw finishedError(row);
    }
    return this.refreshed(businessId, taskId);
  }

  /** The tray's "Pause all": every active task of every business. Returns how many. */
  pauseAll(): number {
    const active = tasksInStatuses(this.db, ['queued', 'running', 'waiting', 'interrupted']).filter((row) => !row.cancel_requested);
    for (const row of active) this.pause(row.business_id, row.id);
    return active.length;
  }

  resume(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    if (row.cancel_requested) throw new TaskdeckError('conflict', 'This task is being cancelled');
    const parked = row.status === 'waiting' && row.lease_owner === null;
    if (row.status === 'paused' || parked || (row.status === 'failed' && row.crash_count > 0)) {
      transition(this.db, businessId, taskId, [row.status], {
        status: 'queued',
        pause_requested: 0,
        next_run_at: 0,
        crash_count: 0,
        finished_at: null,
      });
    } else if (row.pause_requested) {
      transition(this.db, businessId, taskId, ['running', 'waiting', 'queued', 'interrupted'], { pause_requested: 0 });
    } else if (FINISHED_STATUSES.includes(row.status)) {
      throw finishedError(row);
    }
    this.supervisor?.wake();
    return this.refreshed(businessId, taskId);
  }

  /** Resolves once the worker acknowledged (or at once when no worker runs it). */
  async cancel(businessId: BusinessId, taskId: TaskId): Promise<TaskSnapshot> {
    const row = getTask(this.db, businessId, taskId);
    if (FINISHED_STATUSES.includes(row.status)) throw finishedError(row);
    // The message first (fast: the worker stops at once), then the durable flag (survives a crash).
    const acknowledged = this.supervisor?.control(taskId, 'cancel');
    transition(this.db, businessId, taskId, ['queued', 'running', 'waiting', 'paused', 'interrupted'], { cancel_requested: 1 });
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
  async retryFailed(businessId: BusinessId, taskId: TaskId): Promise<TaskSnapshot> {
    const holder = `m:${process.pid}:${newLeaseNonce()}`;
    this.db
      .transaction(() => {
        const row = getTask(this.db, businessId, taskId);
        if (row.status === 'running' || row.status === 'waiting') {
          throw new TaskdeckError('conflict', 'Pause the task, or wait for it to finish, before retrying failed items');
        }
        if (row.failed === 0) throw new TaskdeckError('conflict', 'No failed items to retry');
        if (!leaseIsFree(row, holder)) throw new TaskdeckError('conflict', 'This task is busy; try again in a moment');
        const t = now();
        stmt(
          this.db,
          `UPDATE tasks SET lease_owner = ?, lease_expires_at = ?, status = CASE WHEN status = 'paused' THEN 'paused' ELSE 'queued' END,
             finished_at = NULL, next_run_at = 0, crash_count = 0, last_error = NULL, cancel_requested = 0,
             updated_at = ?, version = version + 1
           WHERE id = ? AND business_id = ?`,
        ).run(holder, t + RETRY_LEASE_MS, t, taskId, businessId);
      })
      .immediate();
    try {
      this.refreshed(businessId, taskId);
      const chunk = this.retryChunk;
      for (;;) {
        const began = performance.now();
        const n = this.db
          .transaction(() => {
            const owner = stmt(this.db, 'SELECT lease_owner FROM tasks WHERE id = ?').get(taskId) as { lease_owner: string | null };
            if (owner.lease_owner !== holder) throw new TaskdeckError('conflict', 'The task was taken over while its failed items were being retried');
            const t = now();
            const moved = stmt(
              this.db,
              `UPDATE task_items SET state = 'pending', reason = NULL, not_before = NULL, updated_at = ?
               WHERE id IN (SELECT id FROM task_items WHERE task_id = ? AND business_id = ? AND state = 'failed' ORDER BY seq LIMIT ?)`,
            ).run(t, taskId, businessId, chunk).changes;
            stmt(
              this.db,
              `UPDATE tasks SET failed = failed - ?, processed = processed - ?, lease_expires_at = ?, updated_at = ?, version = version + 1
               WHERE id = ? AND business_id = ?`,
            ).run(moved, moved, t + RETRY_LEASE_MS, t, taskId, businessId);
            return moved;
          })
          .immediate();
        const held = performance.now() - began;
        this.onRetryChunk?.({ taskId, items: n, ms: held });
        if (n < chunk) break;
        this.refreshed(businessId, taskId);
        // Other writers (workers, the supervisor, the window's own requests) get the lock.
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_PAUSE_MAX_MS, Math.max(RETRY_PAUSE_MIN_MS, held))));
      }
    } finally {
      stmt(
        this.db,
        'UPDATE tasks SET lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND lease_owner = ?',
      ).run(now(), taskId, holder);
    }
    this.supervisor?.wake();
    return this.refreshed(businessId, taskId);
  }

  dismiss(businessId: BusinessId, taskId: TaskId): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    if (!FINISHED_STATUSES.includes(row.status)) {
      throw new TaskdeckError('conflict', 'Only finished tasks can be dismissed; cancel it first');
    }
    transition(this.db, businessId, taskId, FINISHED_STATUSES, { dismissed_at: now() });
    return this.refreshed(businessId, taskId);
  }

  /**
   * The owner's decision on in-doubt items: mark them sent, send them again, or ask
   * the provider (test mode can tell from its outbox; WhatsApp cannot).
   */
  settleInDoubt(businessId: BusinessId, taskId: TaskId, resolution: SettleResolution, itemIds?: readonly number[]): TaskSnapshot {
    const row = getTask(this.db, businessId, taskId);
    const ids = itemIdsInState(this.db, businessId, taskId, 'in_doubt', itemIds);
    if (!ids.length) throw new TaskdeckError('conflict', 'No in-doubt items to settle');
    let sent: { id: number; ref: string | null }[] = [];
    let again: number[] = [];
    if (resolution === 'mark-sent') sent = ids.map((id) => ({ id, ref: null }));
    else if (resolution === 'send-again') again = ids;
    else {
      const params = parseParams(row) as { provider?: unknown };
      const provider = providerChoice.safeParse(params.provider);
      if (!provider.success || provider.data.type !== 'test-mode') {
        throw new TaskdeckError('conflict', 'This provider cannot tell whether a message went out; mark it sent or send it again');
      }
      for (const answer of settleFromOutbox(this.db, businessId, taskId, ids)) {
        if (answer.sent) sent.push({ id: answer.itemId, ref: answer.providerRef ?? null });
        else again.push(answer.itemId);
      }
    }
    this.db
      .transaction(() => {
        const t = now();
        const markSent = stmt(
          this.db,
          "UPDATE task_items SET state = 'done', reason = ?, provider_ref = coalesce(?, provider_ref), updated_at = ? WHERE id = ? AND task_id = ? AND business_id = ? AND state = 'in_doubt'",
        );
        const requeue = stmt(
          this.db,
          "UPDATE task_items SET state = 'pending', reason = NULL, updated_at = ? WHERE id = ? AND task_id = ? AND business_id = ? AND state = 'in_doubt'",
        );
        const note = reason(resolution === 'mark-sent' ? 'markedSentByOwner' : 'confirmedSentByProvider');
        let nSent = 0;
        let nAgain = 0;
        for (const s of sent) nSent += markSent.run(note, s.ref, t, s.id, taskId, businessId).changes;
        for (const id of again) nAgain += requeue.run(t, id, taskId, businessId).changes;
        stmt(
          this.db,
          `UPDATE tasks SET in_doubt = in_doubt - @moved, succeeded = succeeded + @sent, processed = processed - @again,
             status = CASE WHEN @again > 0 AND status IN ('completed', 'cancelled', 'failed') THEN 'queued' ELSE status END,
             finished_at = CASE WHEN @again > 0 AND status IN ('completed', 'cancelled', 'failed') THEN NULL ELSE finished_at END,
             cancel_requested = CASE WHEN @again > 0 THEN 0 ELSE cancel_requested END,
             updated_at = @t, version = version + 1
           WHERE id = @id AND business_id = @businessId`,
        ).run({ moved: nSent + nAgain, sent: nSent, again: nAgain, t, id: taskId, businessId });
      })
      .immediate();
    this.supervisor?.wake();
    return this.refreshed(businessId, taskId);
  }
}

function finishedError(row: TaskRow): TaskdeckError {
  return new TaskdeckError('conflict', `This task has already ${row.status === 'failed' ? 'failed' : `been ${row.status}`}`);
}

function assertReadableFile(path: string): void {
  if (!existsSync(path)) throw new TaskdeckError('bad_input', `The file ${path} does not exist`);
  if (!statSync(path).isFile()) throw new TaskdeckError('bad_input', `${path} is not a file`);
}

function defaultTitle(template: string): string {
  const words = template.replace(/\s+/g, ' ').trim();
  return words.length > 48 ? `${words.slice(0, 47)}…` : words;
}
