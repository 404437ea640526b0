/**
 * SIGKILL of the worker, twice, for every registered kind: never twice, never lost; items
 * in doubt only for kinds whose side effect leaves the machine (settled by asking the provider).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { task, waitFor } from '../helpers/engine.ts';
import { expectAllDoneOnce, newBusiness, paceWorkersFor, startTask, waitForShare, workerPid } from './checks.ts';
import { kindsUnderGuarantee } from './fixtures.ts';
import { World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each(kindsUnderGuarantee())('worker killed: $id', ({ id, kind, fixture }) => {
  it('two SIGKILLs mid-run: the next worker goes on; each unit once, none lost', async () => {
    expect(fixture, `${id} has no guarantee fixture (tests/guarantees/fixtures.ts)`).toBeDefined();
    const subject = { id, kind, fixture: fixture! };
    paceWorkersFor(subject);
    world = new World();
    const business = newBusiness(world, 'Shop');
    const supervisor = world.startSupervisor();
    const tasks = world.tasks(supervisor);
    const taskId = await startTask(world, subject, business, tasks);
    for (const share of [0.25, 0.55]) {
      await waitForShare(world, subject, business, taskId, share);
      const { pid, owner } = await workerPid(world, taskId);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => task(world!.env, taskId).lease_owner !== owner, 30_000, 'the lease to leave the killed worker');
    }
    await expectAllDoneOnce(world, subject, business, taskId, tasks);
  });
});
