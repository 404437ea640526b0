/**
 * Cancel, for every registered kind: no side effect after the worker acknowledged, the
 * rest cancelled, the counters equal what happened.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { waitForStatus } from '../helpers/engine.ts';
import { effectsOf, expectCountersTrue, expectInDoubtOnlyIfItLeaves, expectNeverTwice, newBusiness, paceWorkersFor, startTask, waitForShare } from './checks.ts';
import { kindsUnderGuarantee } from './fixtures.ts';
import { World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each(kindsUnderGuarantee())('cancel: $id', ({ id, kind, fixture }) => {
  it('nothing happens after the acknowledgement; the rest is cancelled; counters equal what happened', async () => {
    expect(fixture, `${id} has no guarantee fixture (tests/guarantees/fixtures.ts)`).toBeDefined();
    const subject = { id, kind, fixture: fixture! };
    paceWorkersFor(subject);
    world = new World();
    const business = newBusiness(world, 'Shop');
    const supervisor = world.startSupervisor();
    const tasks = world.tasks(supervisor);
    const taskId = await startTask(world, subject, business, tasks);
    await waitForShare(world, subject, business, taskId, 0.25);

    await tasks.cancel(business, taskId);
    const atAck = effectsOf(world, subject, business, taskId);
    const done = await waitForStatus(world.env, taskId, ['cancelled', 'completed', 'failed']);
    expect(done.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(effectsOf(world, subject, business, taskId), 'effects after the acknowledgement').toEqual(atAck);
    expect(atAck.size).toBeLessThan(fixture!.units);
    expectNeverTwice(atAck);
    expectInDoubtOnlyIfItLeaves(subject, done);
    expectCountersTrue(world, subject, business, taskId);
    if (kind.facts.details === 'items') {
      const states = countItemsByState(world.env.db, taskId);
      expect(states.pending, 'no item left pending').toBe(0);
      expect(states.cancelled).toBeGreaterThan(0);
      expect(states.done + states.cancelled + states.in_doubt + states.failed + states.skipped).toBe(done.total);
    }
  });
});
