/**
 * The test kinds' worker (tests/kinds/worker-entry.ts), with each commit delayed by
 * TASKDECK_TEST_COMMIT_DELAY_MS when set: kinds whose work is local and fast (an import,
 * a delete) finish in a blink otherwise, and a test could not stop or kill them midway.
 * The delay comes before the commit, so a kill most often lands on work done and not yet
 * committed: the case a resume must redo without doing anything twice.
 */
import { TaskContext } from '../../main/worker/task-context.ts';

const delayMs = Number(process.env.TASKDECK_TEST_COMMIT_DELAY_MS ?? 0);
if (delayMs > 0) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const commit = TaskContext.prototype.commit;
  TaskContext.prototype.commit = function delayedCommit(this: TaskContext, ...args: Parameters<TaskContext['commit']>) {
    Atomics.wait(pause, 0, 0, delayMs);
    return commit.apply(this, args);
  } as TaskContext['commit'];
}

await import('../kinds/worker-entry.ts');
