/**
 * What a task runner gets inside its worker process: the task's row, a fenced
 * commit (nothing is written once the lease is lost), an AbortSignal that fires on
 * cancel / pause / stop / lost lease, waiting states, and coalesced snapshots.
 */
import type { Message } from '../../common/messages.ts';
import type { WaitReason } from '../../common/model.ts';
import type { ControlAction, WorkerToSupervisor } from '../../common/worker-protocol.ts';
import type { Db } from '../store/db.ts';
import { addProgress, readFence, renewLease, type CounterDelta, type ProgressExtra } from '../store/task-progress-repo.ts';
import { showWorkerStatus } from '../store/task-state-repo.ts';
import { getTaskById, toSnapshot, type TaskRow } from '../store/tasks-repo.ts';
import { RateMeter } from './rate-meter.ts';

/** 'account': the provider's account cannot send; the task parks as waiting (account). */
export type StopReason = ControlAction | 'lost-lease' | 'account';

/** Higher wins when several stop reasons arrive: losing the lease trumps everything. */
const STOP_PRIORITY: Record<StopReason, number> = { stop: 1, account: 2, pause: 3, cancel: 4, 'lost-lease': 5 };

export class LostLeaseError extends Error {
  constructor() {
    super('Another worker took over this task');
    this.name = 'LostLeaseError';
  }
}

export type { CounterDelta } from '../store/task-progress-repo.ts';

const SNAPSHOT_INTERVAL_MS = 100;

export interface TaskContextOptions {
  db: Db;
  dbPath: string;
  taskId: number;
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  post: (message: WorkerToSupervisor) => void;
  secrets?: Readonly<Record<string, string>>;
  /** The kind's work can simply be done again (its facts' sideEffect is 'repeatable'). */
  repeatable: boolean;
}

export class TaskContext {
  readonly db: Db;
  readonly dbPath: string;
  readonly taskId: number;
  readonly workerId: string;
  readonly businessId: number;
  /** Credentials for the provider, from the start message; never written anywhere. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Nothing this kind does leaves the machine: a claimed item can be redone, never in doubt. */
  readonly repeatable: boolean;
  task: TaskRow;
  stopReason: StopReason | null = null;
  /** Why the account cannot send, when stopReason is 'account'. */
  accountProblem: { reason: Message; action: Message | null } | null = null;

  private readonly controller = new AbortController();
  private readonly options: TaskContextOptions;
  private readonly meter = new RateMeter();
  private dirty = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(options: TaskContextOptions, task: TaskRow) {
    this.options = options;
    this.db = options.db;
    this.dbPath = options.dbPath;
    this.taskId = options.taskId;
    this.workerId = options.workerId;
    this.businessId = task.business_id;
    this.secrets = options.secrets ?? {};
    this.repeatable = options.repeatable;
    this.task = task;
  }

  private networkWaiters = new Set<() => void>();

  /** Main says the network is back: cut short every wait for it. */
  networkBack(): void {
    for (const wake of this.networkWaiters) wake();
    this.networkWaiters.clear();
  }

  /**
   * Shows `waiting (offline)` with `message`, then probes with backoff (0.25 s doubling to
   * 8 s, cut short when main reports the network back) until `isOnline` says yes, and
   * shows `running` again. Returns early when the task is stopping.
   */
  async waitForNetwork(message: Message, isOnline: () => Promise<boolean>): Promise<void> {
    this.setWaiting('offline', message);
    for (let i = 0; !this.stopping; i++) {
      if (!(await this.waitBeforeProbe(Math.min(8000, 250 * 2 ** i)))) return;
      if (await isOnline()) {
        this.setRunning();
        return;
      }
    }
  }

  /** Waits `ms`, or less if main reports the network back; false when the task is stopping. */
  private waitBeforeProbe(ms: number): Promise<boolean> {
    if (this.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.networkWaiters.delete(early);
        this.signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const early = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      this.networkWaiters.add(early);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.stopReason !== null;
  }

  /** Fast path: a control message, or a flag seen in the row. Aborts in-flight waits at once. */
  requestStop(reason: StopReason): void {
    if (this.stopReason && STOP_PRIORITY[this.stopReason] >= STOP_PRIORITY[reason]) return;
    this.stopReason = reason;
    this.controller.abort(reason);
  }

  startTimers(): void {
    this.timers.push(setInterval(() => this.heartbeat(), this.options.heartbeatMs));
    this.timers.push(
      setInterval(() => {
        if (this.dirty) this.emitSnapshot();
      }, SNAPSHOT_INTERVAL_MS),
    );
    for (const timer of this.timers) timer.unref?.();
  }

  stopTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private lastBeatPosted = 0;

  private postHeartbeat(): void {
    this.lastBeatPosted = performance.now();
    this.options.post({ type: 'heartbeat', taskId: this.taskId });
  }

  /** Extends the lease and reads the durable control flags (the path a CLI cancel takes). */
  heartbeat(): void {
    try {
      if (!renewLease(this.db, this.taskId, this.workerId, this.options.leaseMs)) {
        this.requestStop('lost-lease');
        return;
      }
      this.readControlFlags();
      this.postHeartbeat();
    } catch {
      // SQLITE_BUSY past the busy timeout: skip this beat; the lease has slack for it.
    }
  }

  private readControlFlags(): void {
    const fence = readFence(this.db, this.taskId);
    if (fence?.cancelRequested) this.requestStop('cancel');
    else if (fence?.pauseRequested) this.requestStop('pause');
  }

  /**
   * Runs `write` in one IMMEDIATE transaction, fenced by the lease, adding `delta`
   * to the counters and renewing the lease. Throws LostLeaseError (and writes
   * nothing) if another worker owns the task now.
   */
  commit<T>(write: () => T, deltaOf: CounterDelta | ((result: T) => CounterDelta) = {}, extra: ProgressExtra = {}): T {
    let delta: CounterDelta = {};
    const result = this.db
      .transaction(() => {
        const fence = readFence(this.db, this.taskId);
        if (fence?.owner !== this.workerId) throw new LostLeaseError();
        // Flags are read before `write`, so a batch is never claimed after a durable cancel.
        if (fence.cancelRequested) this.requestStop('cancel');
        else if (fence.pauseRequested) this.requestStop('pause');
        const value = write();
        delta = typeof deltaOf === 'function' ? deltaOf(value) : deltaOf;
        addProgress(this.db, this.taskId, delta, extra, this.options.leaseMs);
        return value;
      })
      .immediate();
    if (delta.processed) this.meter.add(delta.processed);
    this.dirty = true;
    // The commit renewed the lease; tell the supervisor too, even if timers are late.
    if (performance.now() - this.lastBeatPosted >= this.options.heartbeatMs) this.postHeartbeat();
    return result;
  }

  /** Shows `waiting (reason)` on the card, with words for the owner. */
  setWaiting(reason: WaitReason, message: Message): void {
    this.writeStatus('waiting', reason, message);
  }

  setRunning(): void {
    this.writeStatus('running', null, null);
  }

  private writeStatus(status: 'running' | 'waiting', reason: WaitReason | null, message: Message | null): void {
    const wait = status === 'waiting' && reason !== null && message !== null ? { reason, words: message } : null;
    if (!showWorkerStatus(this.db, this.taskId, this.workerId, wait)) this.requestStop('lost-lease');
    this.emitSnapshot();
  }

  refresh(): TaskRow {
    const row = getTaskById(this.db, this.taskId);
    if (!row) throw new Error(`Task ${this.taskId} disappeared`);
    this.task = row;
    return row;
  }

  emitSnapshot(): void {
    this.dirty = false;
    try {
      const row = this.refresh();
      this.options.post({ type: 'snapshot', snapshot: toSnapshot(row, row.status === 'running' ? this.meter.rate() : null) });
    } catch {
      // A busy database delays a snapshot; the next tick sends a fresher one.
      this.dirty = true;
    }
  }
}
