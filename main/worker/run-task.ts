/**
 * One task, start to finish, inside a worker process: take the lease, run the
 * kind's runner, write the final status, report how it ended.
 */
import { verbatim, wordsOf, type Message } from '../../common/messages.ts';
import type { WorkerExit, WorkerStart, WorkerToSupervisor } from '../../common/worker-protocol.ts';
import { reason } from '../../common/reasons.ts';
import type { MainKind } from '../tasks/kind.ts';
import type { MainKinds } from '../tasks/registry.ts';
import type { Db } from '../store/db.ts';
import { finishTask } from './finish.ts';
import { acquireLease, makeWorkerId } from './lease.ts';
import { LostLeaseError, TaskContext } from './task-context.ts';

export interface RunningTask {
  context: TaskContext | null;
  done: Promise<{ exit: WorkerExit; error: Message | null }>;
}

export function startTask(db: Db, start: WorkerStart, post: (m: WorkerToSupervisor) => void, kinds: MainKinds): RunningTask {
  const workerId = makeWorkerId(process.pid, start.leaseNonce);
  const lease = acquireLease(db, start.taskId, workerId, start.leaseMs, kinds.facts());
  if (!lease.ok) {
    return { context: null, done: Promise.resolve({ exit: 'lost-lease', error: verbatim(lease.reason) }) };
  }
  const kind = kinds.find(lease.task.kind);
  const context = new TaskContext(
    {
      db,
      dbPath: start.dbPath,
      taskId: start.taskId,
      workerId,
      leaseMs: start.leaseMs,
      heartbeatMs: start.heartbeatMs,
      post,
      secrets: start.secrets ?? {},
      repeatable: kind?.facts.sideEffect === 'repeatable',
    },
    lease.task,
  );
  return { context, done: run(context, kind?.runner) };
}

async function run(ctx: TaskContext, runner: MainKind['runner'] | undefined): Promise<{ exit: WorkerExit; error: Message | null }> {
  ctx.startTimers();
  ctx.emitSnapshot();
  let error: Message | null = null;
  try {
    if (ctx.task.cancel_requested) ctx.requestStop('cancel');
    else if (ctx.task.pause_requested) ctx.requestStop('pause');
    // A row of a kind this build does not know (written by a newer Taskdeck) fails with words, not a crash.
    else if (!runner) error = reason('unknownKind', { kind: ctx.task.kind });
    else await (await runner())(ctx);
  } catch (caught) {
    if (caught instanceof LostLeaseError) ctx.requestStop('lost-lease');
    else error = wordsOf(caught);
  }
  ctx.stopTimers();
  let exit: WorkerExit;
  try {
    exit = finishTask(ctx, error);
  } catch (caught) {
    exit = caught instanceof LostLeaseError ? 'lost-lease' : 'failed';
    error = error ?? wordsOf(caught);
  }
  if (exit !== 'lost-lease') ctx.emitSnapshot();
  return { exit, error };
}
