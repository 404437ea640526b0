/**
 * A task's life, in one place: its statuses, the events that move it, and which status
 * each event may start from. Pure data and functions, so every process (the engine, the
 * services, the window) reads the same rules; main/store/task-state-repo.ts performs the
 * writes, each guarded in SQL by the `from` list of its event here.
 *
 *   queued ─take→ running ⇄ waiting(reason)        running ─pause→ paused ─resume→ queued
 *      │             │  └─park→ waiting (no lease: "parked", for its account)
 *      │             ├─complete→ completed   ├─cancel→ cancelled   ├─fail→ failed
 *      │             └─interrupt / crash→ interrupted ─take→ running (resumes from its cursor)
 *      └─ pause / cancel (no worker needed)
 */
import type { TaskStatus } from '../model.ts';

/** Work that is not over: the scheduler looks at these. */
export const ACTIVE_STATUSES = ['queued', 'running', 'waiting', 'interrupted'] as const satisfies readonly TaskStatus[];
/** The end of the road: nothing runs a finished task again unless the owner asks. */
export const FINISHED_STATUSES = ['completed', 'cancelled', 'failed'] as const satisfies readonly TaskStatus[];
/** Statuses a worker may hold a lease in. */
export const LEASED_STATUSES = ['running', 'waiting'] as const satisfies readonly TaskStatus[];

export function isActive(status: TaskStatus): boolean {
  return (ACTIVE_STATUSES as readonly TaskStatus[]).includes(status);
}

export function isFinished(status: TaskStatus): boolean {
  return (FINISHED_STATUSES as readonly TaskStatus[]).includes(status);
}

/**
 * Parked: waiting with no worker holding it (its account needs the owner, or it could not
 * be given its credentials). It holds no worker, keeps no headless run alive, and is taken
 * up again on a timer, when the account is fixed, or on Resume.
 */
export function isParked(task: { status: TaskStatus; leaseOwner: string | null }): boolean {
  return task.status === 'waiting' && task.leaseOwner === null;
}

export type TaskEvent =
  /**
   * A worker takes the lease (a fresh start, a resume after interrupt, a crash takeover). A
   * task whose cancel was asked keeps its status: its worker only finishes the cancel.
   */
  | 'take'
  /** The worker shows why it waits (offline, rate limit) and keeps its lease. */
  | 'wait'
  /** The worker goes on after a wait. */
  | 'run'
  /** The worker stops because the account cannot send: waiting (account), lease given back. */
  | 'park'
  /** The supervisor cannot give the task its credentials: it waits for the account, unstarted. */
  | 'park-unstarted'
  | 'complete'
  | 'fail'
  /** The remaining items became cancelled. */
  | 'cancel'
  /** A worker stopped on the owner's pause. */
  | 'pause'
  /** Paused with no worker to tell (queued, interrupted, parked). */
  | 'pause-idle'
  /** The worker stopped for shutdown or a lost supervisor: the next start picks it up. */
  | 'interrupt'
  /** Its process is gone (app crash, killed CLI, killed worker): resumes after a backoff. */
  | 'crash'
  /** Crashed too often in a row: failed, with the last error. */
  | 'give-up'
  /** Queued again by the owner: Resume of a paused or parked task, a crashed-out one, Retry failed, Send again. */
  | 'requeue';

export interface Transition {
  from: readonly TaskStatus[];
  to: TaskStatus;
}

export const TRANSITIONS: Readonly<Record<TaskEvent, Transition>> = {
  take: { from: ['queued', 'interrupted', 'waiting', 'running', 'paused'], to: 'running' },
  wait: { from: ['running', 'waiting'], to: 'waiting' },
  run: { from: ['running', 'waiting'], to: 'running' },
  park: { from: ['running', 'waiting'], to: 'waiting' },
  'park-unstarted': { from: ['queued', 'interrupted', 'waiting'], to: 'waiting' },
  complete: { from: ['running', 'waiting'], to: 'completed' },
  fail: { from: ['running', 'waiting', 'paused', 'queued', 'interrupted'], to: 'failed' },
  cancel: { from: ['running', 'waiting', 'paused', 'queued', 'interrupted'], to: 'cancelled' },
  pause: { from: ['running', 'waiting'], to: 'paused' },
  'pause-idle': { from: ['queued', 'interrupted', 'waiting'], to: 'paused' },
  interrupt: { from: ['running', 'waiting'], to: 'interrupted' },
  crash: { from: ['running', 'waiting'], to: 'interrupted' },
  'give-up': { from: ['running', 'waiting'], to: 'failed' },
  requeue: { from: ['paused', 'waiting', 'failed', 'completed', 'cancelled', 'queued', 'interrupted'], to: 'queued' },
};

export function canHappen(status: TaskStatus, event: TaskEvent): boolean {
  return TRANSITIONS[event].from.includes(status);
}

/** The status after `event`, or null when the event cannot happen from `status`. */
export function nextStatus(status: TaskStatus, event: TaskEvent): TaskStatus | null {
  return canHappen(status, event) ? TRANSITIONS[event].to : null;
}
