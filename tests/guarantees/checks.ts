/**
 * The guarantees, as checks any registered kind must pass; each reads the kind's facts
 * (does its side effect leave the machine, does it list items, can the provider be asked)
 * and the effects its fixture sees, never the kind's name.
 */
import { expect } from 'vitest';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import type { TaskRow } from '../../main/store/tasks-repo.ts';
import type { TaskService } from '../../main/services/task-service.ts';
import type { MainKind } from '../../main/tasks/kind.ts';
import { expectCountersMatchItems, task, waitFor, waitForStatus } from '../helpers/engine.ts';
import type { GuaranteeFixture } from './fixture.ts';
import type { World } from './world.ts';

export interface Subject {
  id: string;
  kind: MainKind;
  fixture: GuaranteeFixture;
}

const COMMIT_DELAY_VAR = 'TASKDECK_TEST_COMMIT_DELAY_MS';

/** Workers started from now on delay their commits as the subject's fixture asks. */
export function paceWorkersFor(subject: Subject): void {
  if (subject.fixture.commitDelayMs) process.env[COMMIT_DELAY_VAR] = String(subject.fixture.commitDelayMs);
  else delete process.env[COMMIT_DELAY_VAR];
}

export function newBusiness(world: World, name: string): number {
  return createBusiness(world.env.db, name, 'IL').id;
}

/** Prepares the business's work and starts its task as the window does (`tasks:start`'s service). */
export async function startTask(world: World, subject: Subject, businessId: number, tasks: TaskService): Promise<number> {
  const input = await subject.fixture.prepare(world, businessId);
  return tasks.start(businessId, subject.id, input).id;
}

export const effectsOf = (world: World, subject: Subject, businessId: number, taskId: number) =>
  subject.fixture.effects(world, businessId, taskId);

/** Waits until at least `share` of the units had their effect, while the task still runs. */
export async function waitForShare(world: World, subject: Subject, businessId: number, taskId: number, share: number): Promise<void> {
  const target = Math.ceil(subject.fixture.units * share);
  await waitFor(
    () => {
      const row = task(world.env, taskId);
      if (['completed', 'failed', 'cancelled'].includes(row.status)) throw new Error(`${subject.id} task ended (${row.status}) before ${target} units were done: too fast to act on midway`);
      return effectsOf(world, subject, businessId, taskId).size >= target;
    },
    60_000,
    `${target} of ${subject.fixture.units} units`,
  );
}

/** The pid of the worker that holds the task's lease now. */
export async function workerPid(world: World, taskId: number): Promise<{ pid: number; owner: string }> {
  const owner = await waitFor(() => task(world.env, taskId).lease_owner, 30_000, 'a worker holding the lease');
  const pid = Number(owner.split(':')[1]);
  expect(pid).toBeGreaterThan(0);
  return { pid, owner };
}

/** Never twice: no unit's side effect happened more than once. */
export function expectNeverTwice(effects: Map<string, number>): void {
  const twice = [...effects].filter(([, n]) => n > 1);
  expect(twice, 'units done more than once').toEqual([]);
}

/** The counters equal what happened: item states for kinds that list items, the effects for all. */
export function expectCountersTrue(world: World, subject: Subject, businessId: number, taskId: number): void {
  const row = task(world.env, taskId);
  const effects = effectsOf(world, subject, businessId, taskId);
  if (subject.kind.facts.details === 'items') {
    expectCountersMatchItems(world.env, taskId);
    expect(countItemsByState(world.env.db, taskId).claimed, 'items left claimed').toBe(0);
  } else {
    expect(row.succeeded + row.failed + row.skipped + row.cancelled + row.in_doubt).toBe(row.processed);
  }
  // What went out is what the task counts as done, plus at most its items in doubt.
  expect(effects.size).toBeGreaterThanOrEqual(row.succeeded);
  expect(effects.size).toBeLessThanOrEqual(row.succeeded + row.in_doubt);
}

/** In doubt only where the side effect leaves the machine; a repeatable kind simply redoes. */
export function expectInDoubtOnlyIfItLeaves(subject: Subject, row: TaskRow): void {
  if (subject.kind.facts.sideEffect === 'repeatable') expect(row.in_doubt, `${subject.id} is repeatable: nothing in doubt`).toBe(0);
}

/**
 * Never lost, never twice, at the end: the task completed and every unit's effect happened
 * exactly once. Items in doubt are settled first by asking the provider, when the kind can.
 */
export async function expectAllDoneOnce(world: World, subject: Subject, businessId: number, taskId: number, tasks: TaskService): Promise<void> {
  let done = await waitForStatus(world.env, taskId, ['completed', 'failed', 'cancelled'], 120_000);
  expect(done.last_error).toBeNull();
  expect(done.status).toBe('completed');
  expectInDoubtOnlyIfItLeaves(subject, done);
  expectNeverTwice(effectsOf(world, subject, businessId, taskId));
  expectCountersTrue(world, subject, businessId, taskId);
  if (done.in_doubt > 0) {
    if (!subject.kind.askProvider) {
      // The owner decides; the suite checked that nothing went twice and nothing was lost from sight.
      return;
    }
    tasks.settleInDoubt(businessId, taskId, 'ask-provider');
    done = await waitForStatus(world.env, taskId, ['completed', 'failed'], 60_000);
    expect(done.in_doubt).toBe(0);
  }
  const effects = effectsOf(world, subject, businessId, taskId);
  expectNeverTwice(effects);
  expect(effects.size, 'every unit done').toBe(subject.fixture.units);
  expect(done.succeeded).toBe(subject.fixture.units);
  expectCountersTrue(world, subject, businessId, taskId);
}

/** The effects do not change for `ms`. */
export async function expectStill(world: World, subject: Subject, businessId: number, taskId: number, ms: number): Promise<Map<string, number>> {
  const before = effectsOf(world, subject, businessId, taskId);
  await new Promise((resolve) => setTimeout(resolve, ms));
  expect(effectsOf(world, subject, businessId, taskId)).toEqual(before);
  return before;
}
