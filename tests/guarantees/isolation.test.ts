/**
 * Business isolation, for every registered kind: two businesses run one task each at the
 * same time; cancelling one leaves the other's work whole, and neither touches the other's data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitForStatus } from '../helpers/engine.ts';
import { effectsOf, expectAllDoneOnce, newBusiness, paceWorkersFor, startTask, waitForShare } from './checks.ts';
import { kindsUnderGuarantee } from './fixtures.ts';
import { World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each(kindsUnderGuarantee())('business isolation: $id', ({ id, kind, fixture }) => {
  it("cancelling business A's task leaves B's whole; neither sees the other's effects", async () => {
    expect(fixture, `${id} has no guarantee fixture (tests/guarantees/fixtures.ts)`).toBeDefined();
    const subject = { id, kind, fixture: fixture! };
    paceWorkersFor(subject);
    world = new World();
    const a = newBusiness(world, 'A');
    const b = newBusiness(world, 'B');
    const supervisor = world.startSupervisor();
    const tasks = world.tasks(supervisor);
    const taskA = await startTask(world, subject, a, tasks);
    const taskB = await startTask(world, subject, b, tasks);
    await waitForShare(world, subject, a, taskA, 0.25);
    await tasks.cancel(a, taskA);
    const cancelled = await waitForStatus(world.env, taskA, ['cancelled', 'completed', 'failed']);
    expect(cancelled.status).toBe('cancelled');
    const aAtCancel = effectsOf(world, subject, a, taskA);

    await expectAllDoneOnce(world, subject, b, taskB, tasks);
    // A is as its cancel left it: B's task, running all the while, did nothing in A.
    expect(effectsOf(world, subject, a, taskA)).toEqual(aAtCancel);
    const rowsOfA = world.env.db.prepare('SELECT count(*) AS n FROM task_items WHERE task_id = ? AND business_id != ?').get(taskA, a) as { n: number };
    const rowsOfB = world.env.db.prepare('SELECT count(*) AS n FROM task_items WHERE task_id = ? AND business_id != ?').get(taskB, b) as { n: number };
    expect(rowsOfA.n + rowsOfB.n, 'items filed under another business').toBe(0);
  });
});
