/**
 * The last write of a worker for its task: the final status for the way it stopped, with
 * the lease given back (task-state-repo.ts, `endWorker`). Every write is fenced by the lease.
 */
import type { Message } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import type { WorkerExit } from '../../common/worker-protocol.ts';
import { now } from '../store/db.ts';
import { endWorker, settleStranded, type WorkerEnd } from '../store/task-state-repo.ts';
import { readFence } from '../store/task-progress-repo.ts';
import type { TaskContext } from './task-context.ts';

export { CANCELLED_REASON, IN_DOUBT_REASON } from '../store/task-state-repo.ts';

/** A task waiting for its account tries again on its own after this long. */
export const ACCOUNT_RETRY_MS = 15 * 60_000;

const EXITS: Record<WorkerEnd['event'], WorkerExit> = {
  complete: 'completed',
  fail: 'failed',
  cancel: 'cancelled',
  pause: 'paused',
  interrupt: 'stopped',
  park: 'waiting',
};

function endFor(ctx: TaskContext, error: Message | null): WorkerEnd {
  if (error !== null) return { event: 'fail', words: error };
  switch (ctx.stopReason) {
    case 'cancel':
      return { event: 'cancel' };
    case 'pause':
      return { event: 'pause' };
    case 'account': {
      // Parked, not failed: nothing was burned. It is retried after a while, at once when
      // the owner fixes the account (a new token), or when the owner presses Resume.
      const problem = ctx.accountProblem;
      const words = !problem
        ? reason('accountCannotSend')
        : problem.action
          ? reason('accountWait', { reason: problem.reason, action: problem.action })
          : problem.reason;
      return { event: 'park', words, retryAt: now() + ACCOUNT_RETRY_MS };
    }
    case 'stop':
      // Shutdown or lost supervisor: the next start picks it up where it was.
      return { event: 'interrupt' };
    default:
      return { event: 'complete' };
  }
}

export function finishTask(ctx: TaskContext, error: Message | null): WorkerExit {
  if (ctx.stopReason === 'lost-lease') return 'lost-lease';
  return ctx.db
    .transaction((): WorkerExit => {
      if (readFence(ctx.db, ctx.taskId)?.owner !== ctx.workerId) return 'lost-lease';
      // Normally none: the pump settles every claimed item before returning. After an
      // unexpected error we cannot know how far a side effect got.
      settleStranded(ctx.db, ctx.taskId, ctx.repeatable);
      const end = endFor(ctx, error);
      if (!endWorker(ctx.db, ctx.task, ctx.workerId, end)) {
        ctx.requestStop('lost-lease');
        return 'lost-lease';
      }
      return EXITS[end.event];
    })
    .immediate();
}
