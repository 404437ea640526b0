/**
 * Commands that outlive their request: a start with --wait, a cancel of a task nobody
 * runs, and `tasks watch`. They read task rows directly: following progress is not a
 * request the window makes either (it gets snapshot events).
 */
import { formatMessage } from '../../common/messages.ts';
import type { TaskSnapshot } from '../../common/model.ts';
import { isActive } from '../../common/tasks/state.ts';
import { getTask, listTasks, toSnapshot } from '../store/tasks-repo.ts';
import { flag } from './args.ts';
import type { CliContext } from './command.ts';
import { formatSnapshot } from './format.ts';

/** "Started task 7", then with --wait runs it to the end: exit 0 only when it completed. */
export async function finishStart(ctx: CliContext, snapshot: TaskSnapshot): Promise<number> {
  ctx.print(`Started task ${snapshot.id}: ${formatMessage(snapshot.title)}`, snapshot);
  if (!flag(ctx.values, 'wait')) return 0;
  const final = await runUntilIdle(ctx, snapshot.businessId, snapshot.id);
  ctx.print(formatSnapshot(final), final);
  return final.status === 'completed' ? 0 : 1;
}

async function runUntilIdle(ctx: CliContext, businessId: number, taskId: number): Promise<TaskSnapshot> {
  const supervisor = ctx.supervisor({ onlyTaskIds: [taskId] });
  supervisor.start();
  await supervisor.whenIdle();
  await supervisor.shutdown();
  return toSnapshot(getTask(ctx.db, businessId, taskId));
}

/**
 * A cancel of a task nobody is running (paused, queued) is finished here, by a worker, so
 * the CLI returns with the task cancelled rather than "requested". A running one's own
 * supervisor sees the flag within a heartbeat: wait for that a while.
 */
export async function finishCancel(ctx: CliContext, businessId: number, taskId: number): Promise<TaskSnapshot> {
  const row = getTask(ctx.db, businessId, taskId);
  if (row.status !== 'running' && row.status !== 'waiting') return runUntilIdle(ctx, businessId, taskId);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const r = getTask(ctx.db, businessId, taskId);
    if (r.status === 'cancelled') return toSnapshot(r);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return toSnapshot(getTask(ctx.db, businessId, taskId));
}

/** Prints each task (or `only`) whenever it changes, until none is active. */
export async function watch(ctx: CliContext, businessId: number, only: number | undefined): Promise<void> {
  const seen = new Map<number, number>();
  for (;;) {
    const rows = only ? [getTask(ctx.db, businessId, only)] : listTasks(ctx.db, businessId);
    let active = 0;
    for (const row of rows) {
      if (isActive(row.status)) active++;
      if (seen.get(row.id) !== row.version) {
        seen.set(row.id, row.version);
        const snapshot = toSnapshot(row);
        ctx.print(formatSnapshot(snapshot), snapshot);
      }
    }
    if (!active) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
