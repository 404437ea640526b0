/** Pause and resume, for every registered kind: nothing while paused; resumed from the cursor, each unit once. */
import { afterEach, describe, expect, it } from 'vitest';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { waitForStatus } from '../helpers/engine.ts';
import { expectAllDoneOnce, expectStill, newBusiness, paceWorkersFor, startTask, waitForShare } from './checks.ts';
import { kindsUnderGuarantee } from './fixtures.ts';
import { World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each(kindsUnderGuarantee())('pause and resume: $id', ({ id, kind, fixture }) => {
  it('stops while paused, goes on from where it was, and does each unit once', async () => {
    expect(fixture, `${id} has no guarantee fixture (tests/guarantees/fixtures.ts)`).toBeDefined();
    const subject = { id, kind, fixture: fixture! };
    paceWorkersFor(subject);
    world = new World();
    const business = newBusiness(world, 'Shop');
    const supervisor = world.startSupervisor();
    const tasks = world.tasks(supervisor);
    const taskId = await startTask(world, subject, business, tasks);
    await waitForShare(world, subject, business, taskId, 0.3);

    tasks.pause(business, taskId);
    const paused = await waitForStatus(world.env, taskId, ['paused', 'completed', 'failed', 'cancelled']);
    expect(paused.status).toBe('paused');
    expect(paused.in_doubt, 'a pause leaves nothing in doubt').toBe(0);
    if (kind.facts.details === 'items') expect(countItemsByState(world.env.db, taskId).claimed).toBe(0);
    const atPause = await expectStill(world, subject, business, taskId, 400);
    expect(atPause.size).toBeLessThan(fixture!.units);

    tasks.resume(business, taskId);
    await expectAllDoneOnce(world, subject, business, taskId, tasks);
  });
});
