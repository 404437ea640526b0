/**
 * SIGKILL of the supervisor (main), for every registered kind: alone (its worker notices
 * and stops), and with its worker (the whole app gone). The next supervisor finishes the
 * task: never twice, never lost, in doubt only for kinds whose side effect leaves the machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { task, waitFor } from '../helpers/engine.ts';
import { expectAllDoneOnce, newBusiness, paceWorkersFor, startTask, waitForShare, workerPid, type Subject } from './checks.ts';
import { kindsUnderGuarantee } from './fixtures.ts';
import { World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function killSupervisorMidRun(subject: Subject, alsoTheWorker: boolean): Promise<void> {
  paceWorkersFor(subject);
  world = new World();
  const business = newBusiness(world, 'Shop');
  // Prepared before the supervisor process starts, so it knows the fake Gmail API if the kind uses it.
  const tasks = world.tasks();
  const taskId = await startTask(world, subject, business, tasks);
  const main = await world.startSupervisorProcess();
  await waitForShare(world, subject, business, taskId, 0.3);
  const { pid } = await workerPid(world, taskId);
  main.kill('SIGKILL');
  if (alsoTheWorker) process.kill(pid, 'SIGKILL');
  await waitFor(() => !alive(pid), 30_000, 'the worker to be gone');
  const left = task(world.env, taskId);
  expect(left.status).not.toBe('completed');

  // The next launch: a supervisor in this process takes over (at once, or once the lease ran out).
  const next = world.startSupervisor();
  await expectAllDoneOnce(world, subject, business, taskId, world.tasks(next));
}

describe.each(kindsUnderGuarantee())('supervisor killed: $id', ({ id, kind, fixture }) => {
  it('main SIGKILLed: its worker stops by itself; the next supervisor finishes, each unit once', async () => {
    expect(fixture, `${id} has no guarantee fixture (tests/guarantees/fixtures.ts)`).toBeDefined();
    await killSupervisorMidRun({ id, kind, fixture: fixture! }, false);
  });

  it('main and its worker SIGKILLed together: the next supervisor finishes, each unit once', async () => {
    expect(fixture, `${id} has no guarantee fixture (tests/guarantees/fixtures.ts)`).toBeDefined();
    await killSupervisorMidRun({ id, kind, fixture: fixture! }, true);
  });
});
