/**
 * Decides what runs: a global worker limit, per-business limits per kind (one
 * broadcast per business at a time), FIFO within those, restarts with backoff for
 * crashed workers, and a watchdog on heartbeats. It never performs a task's side
 * effect and writes only small control rows.
 */
import type { TaskId, TaskKindId, TaskSnapshot } from '../../common/model.ts';
import { wordsOf, type Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { ACTIVE_STATUSES, isParked, LEASED_STATUSES } from '../../common/tasks/state.ts';
import type { ControlAction, WorkerToSupervisor } from '../../common/worker-protocol.ts';
import { ACCOUNT_RETRY_MS } from '../worker/finish.ts';
import { now, type Db } from '../store/db.ts';
import { markAbandoned, parkUnstarted, recordCrash, recordEarlyCrash } from '../store/task-state-repo.ts';
import { getTaskById, tasksInStatuses, toSnapshot, type TaskRow } from '../store/tasks-repo.ts';
import type { CredentialSources } from '../tasks/kind.ts';
import { SHIPPED_KINDS, type MainKinds } from '../tasks/registry.ts';
import { leaseIsFree, newLeaseNonce, ownedBy, ownerIsAlive } from '../worker/lease.ts';
import type { WorkerHandle, WorkerHost } from './worker-host.ts';
import { mustWaitFor, waitingForWords } from './ordering.ts';
import { wordsToStore } from '../store/words.ts';
import { isBusy } from '../store/sqlite-errors.ts';

export interface SupervisorOptions {
  db: Db;
  dbPath: string;
  host: WorkerHost;
  workerLimit?: () => number;
  /** The kinds it runs (their facts: per-business limits, repeatable work; their credentials). */
  kinds?: MainKinds;
  leaseMs?: number;
  heartbeatMs?: number;
  tickMs?: number;
  maxCrashes?: number;
  /** Restrict this supervisor to some tasks (the CLI finishing one cancel). */
  onlyTaskIds?: readonly TaskId[];
  /** Where a kind's credentials come from, decrypted here; they travel only in the start message. */
  credentials?: CredentialSources;
}

interface LocalWorker {
  taskId: TaskId;
  businessId: number;
  kind: TaskKindId;
  leaseNonce: string;
  handle: WorkerHandle;
  /** performance.now() of its last message: silence is measured on a clock that sleep cannot jump. */
  lastSeen: number;
  finished: boolean;
  lastError: Message | null;
}

type SnapshotListener = (snapshot: TaskSnapshot) => void;

export const DEFAULT_LEASE_MS = 5000;
export const DEFAULT_HEARTBEAT_MS = 1000;

export function crashBackoffMs(crashCount: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, crashCount - 1));
}

export class Supervisor {
  private readonly options: Required<Omit<SupervisorOptions, 'onlyTaskIds' | 'credentials'>> &
    Pick<SupervisorOptions, 'onlyTaskIds' | 'credentials'>;
  private readonly workers = new Map<TaskId, LocalWorker>();
  private readonly snapshotListeners = new Set<SnapshotListener>();
  private readonly acks = new Map<number, (ackedAt: number) => void>();
  private readonly latest = new Map<TaskId, TaskSnapshot>();
  private idleWaiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private nextRequestId = 1;
  private stopping = false;

  constructor(options: SupervisorOptions) {
    this.options = {
      workerLimit: () => 3,
      kinds: SHIPPED_KINDS,
      leaseMs: DEFAULT_LEASE_MS,
      heartbeatMs: DEFAULT_HEARTBEAT_MS,
      tickMs: 250,
      maxCrashes: 3,
      ...options,
    };
    this.scope = options.onlyTaskIds ? new Set(options.onlyTaskIds) : null;
  }

  onSnapshot(listener: SnapshotListener): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  /** The freshest snapshot known for a task (worker-pushed ones carry the live rate). */
  latestSnapshot(taskId: TaskId): TaskSnapshot | undefined {
    return this.latest.get(taskId);
  }

  emit(snapshot: TaskSnapshot): void {
    const known = this.latest.get(snapshot.id);
    if (known && known.version > snapshot.version) return;
    this.latest.set(snapshot.id, snapshot);
    for (const listener of this.snapshotListeners) listener(snapshot);
  }

  emitRow(taskId: TaskId): void {
    const row = getTaskById(this.options.db, taskId);
    if (row) this.emit(toSnapshot(row));
  }

  start(): void {
    if (this.timer) return;
    this.lastTick = { mono: performance.now(), wall: Date.now() };
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.tick();
  }

  wake(): void {
    queueMicrotask(() => this.tick());
  }

  isRunningLocally(taskId: TaskId): boolean {
    return this.workers.has(taskId);
  }

  runningCount(): number {
    return this.workers.size;
  }

  /**
   * Fast path for cancel / pause / stop: a message to the worker. Resolves with the
   * time the worker acknowledged that no new side effect will start, or null when
   * no local worker runs the task (the durable flag in the row does the job then).
   */
  control(taskId: TaskId, action: ControlAction): Promise<number | null> {
    const worker = this.workers.get(taskId);
    if (!worker) return Promise.resolve(null);
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.acks.delete(requestId);
        resolve(null);
      }, 5000);
      this.acks.set(requestId, (ackedAt) => {
        clearTimeout(timeout);
        resolve(ackedAt);
      });
      worker.handle.send({ type: 'control', action, requestId });
    });
  }

  /**
   * The OS says the network is back (or the computer woke up): workers waiting for the
   * network probe at once instead of finishing their backoff; scheduling runs now.
   */
  networkChanged(online: boolean): void {
    for (const worker of this.workers.values()) worker.handle.send({ type: 'network', online });
    if (online) this.wake();
  }

  tick(): void {
    if (this.stopping) return;
    try {
      this.noticeSleep();
      this.watchdog();
      this.recoverAbandoned();
      this.schedule();
    } catch (error) {
      // SQLITE_BUSY or a transient failure: the next tick tries again.
      if (!isBusy(error)) process.stderr.write(`supervisor tick: ${String(error)}\n`);
    }
    this.checkIdle();
  }

  /** The tasks a scoped supervisor runs: those it was given, and the earlier tasks they wait for. */
  private readonly scope: Set<TaskId> | null;

  private inScope(taskId: TaskId): boolean {
    return !this.scope || this.scope.has(taskId);
  }

  /**
   * Kills a local worker that has stopped talking; its exit counts as a crash. Silence
   * counts only while this supervisor was awake to hear: see `noticeSleep`.
   */
  private watchdog(): void {
    const t = performance.now();
    for (const worker of this.workers.values()) {
      if (t - worker.lastSeen > this.options.leaseMs) {
        worker.lastError = reason('workerNotResponding', { count: Math.round((t - worker.lastSeen) / 1000) });
        worker.handle.kill();
      }
    }
  }

  private lastTick = { mono: performance.now(), wall: Date.now() };
  /** When this supervisor last woke up (never, at first: a fresh start owes no one a grace). */
  private awakeSince = Number.NEGATIVE_INFINITY;

  /**
   * A tick far later than its interval, on either clock, means this process did not run
   * meanwhile: the laptop slept (the wall clock jumps; on some systems the monotonic one
   * does too), or main was stalled. Nobody's silence can be judged across that gap.
   */
  private noticeSleep(): void {
    const mono = performance.now();
    const wall = Date.now();
    const gap = Math.max(mono - this.lastTick.mono, wall - this.lastTick.wall);
    this.lastTick = { mono, wall };
    if (gap > Math.max(this.options.leaseMs / 2, 20 * this.options.tickMs)) this.woke();
  }

  /**
   * The computer woke up (Electron's powerMonitor `resume`, or a late tick): each worker's
   * silence is forgiven and it is asked to beat at once; for two lease lengths no expired
   * lease of a live process is taken over, so every owner has time to renew its own.
   */
  woke(): void {
    const t = performance.now();
    this.awakeSince = t;
    for (const worker of this.workers.values()) {
      worker.lastSeen = t;
      worker.handle.send({ type: 'wake' });
    }
  }

  /** Free for this supervisor to run: `leaseIsFree`, and no live owner's lease just after a wake. */
  private leaseFree(row: TaskRow): boolean {
    if (!leaseIsFree(row, '')) return false;
    if (!row.lease_owner || performance.now() - this.awakeSince >= 2 * this.options.leaseMs) return true;
    return !ownerIsAlive(row.lease_owner);
  }

  /** Tasks left running by a process that is gone (app crash, killed CLI): interrupted, then resumed. */
  private recoverAbandoned(): void {
    const { db } = this.options;
    for (const row of tasksInStatuses(db, LEASED_STATUSES)) {
      if (this.workers.has(row.id) || !this.inScope(row.id)) continue;
      // Waiting with no lease is parked on purpose (waiting for its account), not abandoned.
      if (isParked({ status: row.status, leaseOwner: row.lease_owner })) continue;
      if (!this.leaseFree(row)) continue;
      // The process that ran it is gone (app crash, killed CLI). That is not the task's
      // fault, so it does not count towards "crashed 3 times in a row".
      markAbandoned(db, row);
      this.emitRow(row.id);
    }
  }

  private recordCrash(row: TaskRow, owner: string | null, message: Message): void {
    recordCrash(this.options.db, row, owner, message, {
      maxCrashes: this.options.maxCrashes,
      backoffMs: crashBackoffMs(row.crash_count + 1),
      repeatable: this.options.kinds.find(row.kind)?.facts.sideEffect === 'repeatable',
    });
    this.emitRow(row.id);
  }

  private schedule(): void {
    const { db } = this.options;
    const t = now();
    const candidates = db
      .prepare(
        `SELECT * FROM tasks
         WHERE ((status IN ('queued', 'interrupted') OR (status = 'waiting' AND lease_owner IS NULL)) AND next_run_at <= ?)
            OR (cancel_requested = 1 AND status IN ('paused', 'queued', 'interrupted', 'waiting', 'running'))
         ORDER BY id`,
      )
      .all(t) as TaskRow[];
    if (!candidates.length) return;
    const busy = this.busyByBusinessKind();
    for (const row of candidates) {
      if (this.workers.has(row.id) || !this.inScope(row.id) || !this.leaseFree(row)) continue;
      // Finishing a cancel is short and must not wait behind the limits.
      const finalizeOnly = row.cancel_requested === 1;
      if (!finalizeOnly) {
        if (this.waitsForEarlierTask(row)) continue;
        if (this.workers.size >= this.options.workerLimit()) continue;
        const key = `${row.business_id}:${row.kind}`;
        const limit = this.options.kinds.find(row.kind)?.facts.perBusiness ?? undefined;
        if (limit !== undefined && (busy.get(key) ?? 0) >= limit) continue;
        busy.set(key, (busy.get(key) ?? 0) + 1);
      }
      this.spawn(row);
    }
  }

  /**
   * An earlier task of the business writes what this one reads (engine/ordering.ts): it
   * waits unstarted, its card saying for which task, and is looked at again every tick.
   * The row is written only when what it says changes.
   */
  private waitsForEarlierTask(row: TaskRow): boolean {
    const earlier = mustWaitFor(this.options.db, this.options.kinds, row);
    if (!earlier) return false;
    // `broadcast start --wait` right after an import runs the import first, in the same process.
    this.scope?.add(earlier.id);
    const words = waitingForWords(earlier);
    if (row.status !== 'waiting' || row.wait_reason !== 'earlier_task' || row.last_error !== wordsToStore(words)) {
      parkUnstarted(this.options.db, row.id, 'earlier_task', words, 0);
      this.emitRow(row.id);
    }
    return true;
  }

  /** Running work per business and kind, here or in another process sharing the file. */
  private busyByBusinessKind(): Map<string, number> {
    const counted = new Set<TaskId>();
    const busy = new Map<string, number>();
    const add = (id: TaskId, businessId: number, kind: TaskKindId) => {
      if (counted.has(id)) return;
      counted.add(id);
      const key = `${businessId}:${kind}`;
      busy.set(key, (busy.get(key) ?? 0) + 1);
    };
    for (const w of this.workers.values()) add(w.taskId, w.businessId, w.kind);
    for (const row of tasksInStatuses(this.options.db, LEASED_STATUSES)) {
      if (!this.leaseFree(row)) add(row.id, row.business_id, row.kind);
    }
    return busy;
  }

  private spawn(row: TaskRow): void {
    const handle = this.options.host.spawn(row.id);
    const worker: LocalWorker = {
      taskId: row.id,
      businessId: row.business_id,
      kind: row.kind,
      leaseNonce: newLeaseNonce(),
      handle,
      lastSeen: performance.now(),
      finished: false,
      lastError: null,
    };
    this.workers.set(row.id, worker);
    handle.onMessage((message) => this.onWorkerMessage(worker, message));
    handle.onExit((exit) => this.onWorkerExit(worker, exit));
    const secrets = this.credentialsFor(row);
    secrets.then(
      (values) =>
        handle.send({
          type: 'start',
          taskId: row.id,
          leaseNonce: worker.leaseNonce,
          dbPath: this.options.dbPath,
          leaseMs: this.options.leaseMs,
          heartbeatMs: this.options.heartbeatMs,
          ...(values ? { secrets: values } : {}),
        }),
      (error: unknown) => {
        // No credentials (keychain locked, token unreadable): the account needs the owner.
        worker.finished = true;
        handle.kill();
        this.parkForAccount(row.id, wordsOf(error));
      },
    );
  }

  /** The credentials the task's kind needs, from the sources this supervisor was given. */
  private async credentialsFor(row: TaskRow): Promise<Record<string, string> | undefined> {
    const kind = this.options.kinds.find(row.kind);
    if (!kind?.credentials || !this.options.credentials) return undefined;
    return kind.credentials(row, this.options.credentials);
  }

  /** `words` come from the service that could not give the credentials: what happened and what to do. */
  private parkForAccount(taskId: TaskId, words: Message): void {
    parkUnstarted(this.options.db, taskId, 'account', words, now() + ACCOUNT_RETRY_MS);
    this.emitRow(taskId);
  }

  private onWorkerMessage(worker: LocalWorker, message: WorkerToSupervisor): void {
    worker.lastSeen = performance.now();
    switch (message.type) {
      case 'snapshot':
        this.emit(message.snapshot);
        break;
      case 'ack': {
        const resolve = this.acks.get(message.requestId);
        this.acks.delete(message.requestId);
        resolve?.(performance.now());
        break;
      }
      case 'finished':
        worker.finished = true;
        worker.lastError = message.error;
        break;
      case 'heartbeat':
        break;
    }
  }

  private onWorkerExit(worker: LocalWorker, exit: { code: number | null; signal: string | null }): void {
    this.workers.delete(worker.taskId);
    if (!worker.finished && !this.stopping) {
      const row = getTaskById(this.options.db, worker.taskId);
      const how = exit.signal ? reason('workerKilled', { signal: exit.signal }) : reason('workerExited', { code: String(exit.code) });
      if (row && (row.status === 'running' || row.status === 'waiting') && ownedBy(row.lease_owner, worker.leaseNonce)) {
        this.recordCrash(row, row.lease_owner, worker.lastError ?? how);
      } else if (row && (row.status === 'queued' || row.status === 'interrupted')) {
        // Died before taking the lease: still a crash in a row, with backoff.
        recordEarlyCrash(this.options.db, row, crashBackoffMs(row.crash_count + 1));
      }
    } else {
      this.emitRow(worker.taskId);
    }
    this.wake();
  }

  /** Resolves when no task in scope is active (queued, running, waiting, interrupted) and no worker runs. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    if (!this.idleWaiters.length || this.workers.size) return;
    const active = tasksInStatuses(this.options.db, ACTIVE_STATUSES).filter(
      // A task parked for its account needs the owner, not this supervisor.
      (r) => this.inScope(r.id) && (!isParked({ status: r.status, leaseOwner: r.lease_owner }) || this.goesOnByItself(r)),
    );
    const pendingCancel = this.options.db
      .prepare('SELECT id FROM tasks WHERE cancel_requested = 1 AND status IN (\'paused\')')
      .all() as { id: number }[];
    if (active.length || pendingCancel.some((r) => this.inScope(r.id))) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * A parked task that waits only for an earlier task that will run (not paused, not
   * itself parked): it starts without the owner, so the supervisor is not idle yet.
   */
  private goesOnByItself(row: TaskRow): boolean {
    if (row.wait_reason !== 'earlier_task') return false;
    const earlier = mustWaitFor(this.options.db, this.options.kinds, row);
    return !earlier || (earlier.status !== 'paused' && !isParked({ status: earlier.status, leaseOwner: earlier.lease_owner }));
  }

  /** Asks every worker to checkpoint and stop, waits up to `timeoutMs`, then kills the rest. */
  async shutdown(timeoutMs = 3000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping = true;
    const exits = [...this.workers.values()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.handle.onExit(() => resolve());
          worker.handle.send({ type: 'control', action: 'stop', requestId: 0 });
        }),
    );
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.all(exits), deadline]);
    for (const worker of this.workers.values()) worker.handle.kill();
  }
}
