/**
 * Messages between the supervisor (main or CLI) and a worker process. The same
 * shapes travel over Electron's utilityProcess port and Node's child_process IPC.
 */
import type { Message } from './messages.ts';
import type { TaskId, TaskSnapshot } from './model.ts';

export interface WorkerStart {
  type: 'start';
  taskId: TaskId;
  /**
   * Unique per spawn. The worker takes the lease as `w:<its pid>:<nonce>`: a utility
   * process has no pid until it runs, so only the worker knows its own.
   */
  leaseNonce: string;
  dbPath: string;
  /** Lease length; the supervisor kills a worker silent for longer. */
  leaseMs: number;
  heartbeatMs: number;
  /**
   * Credentials the task's provider needs (a WhatsApp token), decrypted by the
   * supervisor: the OS keychain is reachable only from main. In memory only.
   */
  secrets?: Record<string, string>;
}

export type ControlAction = 'cancel' | 'pause' | 'stop';

export interface WorkerControl {
  type: 'control';
  action: ControlAction;
  /** Echoed in the ack, so the supervisor can measure request → acknowledged stop. */
  requestId: number;
}

/** Main saw the network come back (or the computer wake): probe now instead of after the backoff. */
export interface WorkerNetworkHint {
  type: 'network';
  online: boolean;
}

/**
 * The supervisor was not running for a while (the laptop slept, main stalled): beat now, so
 * the lease is renewed before anyone could mistake the silence for a dead worker.
 */
export interface WorkerWakeHint {
  type: 'wake';
}

export type SupervisorToWorker = WorkerStart | WorkerControl | WorkerNetworkHint | WorkerWakeHint;

export type WorkerExit = 'completed' | 'cancelled' | 'paused' | 'failed' | 'stopped' | 'lost-lease' | 'waiting';

export type WorkerToSupervisor =
  | { type: 'heartbeat'; taskId: TaskId }
  | { type: 'snapshot'; snapshot: TaskSnapshot }
  /** Sent once no further side effect can start for this control request. */
  | { type: 'ack'; requestId: number; action: ControlAction }
  | { type: 'finished'; taskId: TaskId; exit: WorkerExit; error: Message | null };

export function isWorkerMessage(value: unknown): value is WorkerToSupervisor {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'heartbeat' || type === 'snapshot' || type === 'ack' || type === 'finished';
}

export function isSupervisorMessage(value: unknown): value is SupervisorToWorker {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'start' || type === 'control' || type === 'network' || type === 'wake';
}
