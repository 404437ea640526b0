/**
 * Pure rules for how a task is shown: its badge, which buttons it offers, progress,
 * what is left, and an ETA. Kept apart from React so tests can check the rules alone.
 */
import type { TaskSnapshot, TaskStatus } from '../../../common/model.ts';
import type { TaskKindFacts } from '../../../common/tasks/kind.ts';
import type { TaskControl } from '../store/tasks.ts';

export type Tone = 'neutral' | 'info' | 'progress' | 'warning' | 'success' | 'danger' | 'muted';

const FINISHED: readonly TaskStatus[] = ['completed', 'cancelled', 'failed'];

export function isFinished(status: TaskStatus): boolean {
  return FINISHED.includes(status);
}

export const STATUS_TONE: Record<TaskStatus, Tone> = {
  queued: 'neutral',
  running: 'progress',
  paused: 'muted',
  waiting: 'warning',
  interrupted: 'info',
  completed: 'success',
  cancelled: 'muted',
  failed: 'danger',
};

/** Items not yet finished one way or another. */
export function remainingOf(task: TaskSnapshot): number {
  return Math.max(0, task.counters.total - task.counters.processed);
}

/** 0..1, or null while the total is not known yet (the plan is still being built). */
export function progressOf(task: TaskSnapshot): number | null {
  const { total, processed } = task.counters;
  if (total <= 0) return isFinished(task.status) ? 1 : null;
  return Math.min(1, Math.max(0, processed / total));
}

/** Seconds left at the current rate, only while running at a known pace. */
export function etaSeconds(task: TaskSnapshot): number | null {
  if (task.status !== 'running' || !task.rate || task.rate <= 0) return null;
  const left = remainingOf(task);
  return left > 0 ? left / task.rate : null;
}

/** Buttons a card offers, in the order they appear; "Retry failed" only where the kind's facts allow it. */
export function actionsFor(task: TaskSnapshot, facts: Pick<TaskKindFacts, 'retryFailed'>): TaskControl[] {
  if (task.cancelRequested) return [];
  if (isFinished(task.status)) {
    const actions: TaskControl[] = [];
    // A task that failed because its worker kept crashing can be tried again as it was.
    if (task.status === 'failed' && task.crashCount > 0) actions.push('resume');
    if (facts.retryFailed && task.counters.failed > 0) actions.push('retryFailed');
    actions.push('dismiss');
    return actions;
  }
  if (task.pauseRequested) return ['cancel'];
  switch (task.status) {
    case 'waiting':
      // Parked for its account: Resume tries again at once (after the owner fixed it).
      return task.waitReason === 'account' ? ['resume', 'pause', 'cancel'] : ['pause', 'cancel'];
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'queued':
    case 'interrupted':
      return ['pause', 'cancel'];
    default:
      return [];
  }
}

/** Newest first. */
export function compareTasks(a: TaskSnapshot, b: TaskSnapshot): number {
  return b.id - a.id;
}
