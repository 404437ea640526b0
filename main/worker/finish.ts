/**
 * The last write of a worker for its task: the final status for the way it stopped,
 * with the lease given back. Every write is fenced by the lease.
 */
import type { Message } from '../../common/messages.ts';
import { wordsToStore } from '../store/words.ts';
import { reason } from '../../common/reasons.ts';
import { now } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import { IN_DOUBT_REASON } from './lease.ts';
import type { TaskContext } from './task-context.ts';
import type { WorkerExit } from '../../common/worker-protocol.ts';

export const CANCELLED_REASON = reason('cancelledBeforeSent');

/** A task waiting for its account tries again on its own after this long. */
export const ACCOUNT_RETRY_MS = 15 * 60_000;

function release(ctx: TaskContext, set: string, args: Record<string, unknown>): void {
  const info = stmt(
    ctx.db,
    `UPDATE tasks SET ${set}, lease_owner = NULL, lease_expires_at = NULL, updated_at = @t, version = version + 1
     WHERE id = @id AND lease_owner = @owner`,
  ).run({ ...args, t: now(), id: ctx.taskId, owner: ctx.workerId });
  if (info.changes === 0) ctx.requestStop('lost-lease');
}

export function finishTask(ctx: TaskContext, error: Message | null): WorkerExit {
  const stop = ctx.stopReason;
  if (stop === 'lost-lease') return 'lost-lease';
  return ctx.db
    .transaction((): WorkerExit => {
      const owner = stmt(ctx.db, 'SELECT lease_owner FROM tasks WHERE id = ?').get(ctx.taskId) as { lease_owner: string | null };
      if (owner.lease_owner !== ctx.workerId) return 'lost-lease';
      const t = now();
      // Normally none: the pump settles every claimed item before returning. After an
      // unexpected error we cannot know how far a send got, so they become in-doubt.
      const stranded = stmt(
        ctx.db,
        "UPDATE task_items SET state = 'in_doubt', reason = ?, updated_at = ? WHERE task_id = ? AND state = 'claimed'",
      ).run(wordsToStore(IN_DOUBT_REASON), t, ctx.taskId).changes;
      if (stranded) {
        stmt(ctx.db, 'UPDATE tasks SET in_doubt = in_doubt + ?, processed = processed + ? WHERE id = ?').run(stranded, stranded, ctx.taskId);
      }
      if (error !== null) {
        release(ctx, "status = 'failed', wait_reason = NULL, last_error = @error, finished_at = @t", { error: wordsToStore(error) });
        return 'failed';
      }
      if (stop === 'cancel') {
        const cancelled = stmt(
          ctx.db,
          `UPDATE task_items SET state = 'cancelled', reason = ?, updated_at = ?
           WHERE task_id = ? AND business_id = ? AND state = 'pending'`,
        ).run(wordsToStore(CANCELLED_REASON), t, ctx.taskId, ctx.businessId).changes;
        release(
          ctx,
          `status = 'cancelled', wait_reason = NULL, cancel_requested = 0, pause_requested = 0, finished_at = @t,
           cancelled = cancelled + @n, processed = processed + @n`,
          { n: cancelled },
        );
        return 'cancelled';
      }
      if (stop === 'pause') {
        release(ctx, "status = 'paused', wait_reason = NULL, pause_requested = 0", {});
        return 'paused';
      }
      if (stop === 'account') {
        // Parked, not failed: nothing was burned. It is retried after a while, at once when
        // the owner fixes the account (a new token), or when the owner presses Resume.
        const problem = ctx.accountProblem;
        const words = !problem
          ? reason('accountCannotSend')
          : problem.action
            ? reason('accountWait', { reason: problem.reason, action: problem.action })
            : problem.reason;
        release(ctx, "status = 'waiting', wait_reason = 'account', last_error = @words, next_run_at = @retryAt, pause_requested = 0", {
          words: wordsToStore(words),
          retryAt: t + ACCOUNT_RETRY_MS,
        });
        return 'waiting';
      }
      if (stop === 'stop') {
        // Shutdown or lost supervisor: the next start picks it up where it was.
        release(ctx, "status = 'interrupted', wait_reason = NULL", {});
        return 'stopped';
      }
      release(ctx, "status = 'completed', wait_reason = NULL, last_error = NULL, finished_at = @t", {});
      return 'completed';
    })
    .immediate();
}
