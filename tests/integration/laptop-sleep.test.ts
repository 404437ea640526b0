/**
 * A laptop that sleeps. The supervisor and its worker are frozen together (SIGSTOP) for
 * longer than the lease, three times, then go on (SIGCONT): time passed for real, nobody
 * ran. The worker must not be killed for a silence nobody could hear, nothing may become in
 * doubt, nothing may go twice. And a second supervisor on the same file (the CLI beside the
 * app) that stayed awake must not take over a live owner's expired lease.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import type { BroadcastParamsInput } from '../../common/tasks/broadcast/params.ts';
import { expectIntegrity, outboxCount, task, waitFor, waitForStatus } from '../helpers/engine.ts';
import { LEASE_MS, World } from '../guarantees/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const broadcast: BroadcastParamsInput = {
  template: 'Hi {{name}}',
  recipients: { type: 'all' },
  provider: { type: 'test-mode', options: { latencyMs: 5 } },
  rate: 1000,
  concurrency: 2,
};

function seedContacts(w: World, businessId: number, n: number): void {
  const insert = w.env.db.prepare('INSERT INTO contacts (business_id, phone, name, fields, opted_out, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 1, 1)');
  w.env.db.transaction(() => {
    for (let i = 1; i <= n; i++) insert.run(businessId, `+9725${String(40_000_000 + i)}`, `Customer ${i}`, '{}');
  })();
}

/** Freezes the processes for `ms` (longer than the lease), then lets them go on, worker first. */
async function sleepLaptop(pids: number[], ms: number): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (const pid of [...pids].reverse()) process.kill(pid, 'SIGCONT');
}

async function startBroadcast(n: number): Promise<{ w: World; businessId: number; taskId: number; main: ChildProcess }> {
  const w = (world = new World());
  const businessId = createBusiness(w.env.db, 'Shop', 'IL').id;
  seedContacts(w, businessId, n);
  const taskId = w.tasks().start(businessId, 'broadcast', broadcast).id;
  const main = await w.startSupervisorProcess();
  return { w, businessId, taskId, main };
}

describe('a laptop that sleeps', () => {
  it('three sleeps longer than the lease mid-broadcast: the same worker goes on; nothing in doubt, nothing twice', async () => {
    const { w, taskId, main } = await startBroadcast(1500);
    let sent = 0;
    for (let sleep = 1; sleep <= 3; sleep++) {
      await waitFor(() => outboxCount(w.env, taskId) >= sent + 150, 30_000, `${sent + 150} sends`);
      const owner = task(w.env, taskId).lease_owner!;
      await sleepLaptop([main.pid!, Number(owner.split(':')[1])], LEASE_MS + 1500);
      sent = outboxCount(w.env, taskId);
      // It keeps sending under the same lease: not killed, not taken over.
      await waitFor(() => outboxCount(w.env, taskId) > sent + 20, 30_000, 'sending again after the wake');
      expect(task(w.env, taskId).lease_owner).toBe(owner);
    }
    const done = await waitForStatus(w.env, taskId, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.last_error).toBeNull();
    expect(done.in_doubt).toBe(0);
    expect(done.crash_count).toBe(0);
    expect(done.succeeded).toBe(1500);
    expect(done.attempts).toBe(1);
    expectIntegrity(w.env, taskId);
  });

  it('the app asleep past the lease, the CLI awake on the same file: no takeover of the live owner, nothing twice', async () => {
    const { w, taskId, main } = await startBroadcast(1200);
    // The app's worker runs it; then the CLI's supervisor starts beside the app's, on the same database.
    await waitFor(() => outboxCount(w.env, taskId) >= 50, 30_000, '50 sends');
    w.startSupervisor();
    await waitFor(() => outboxCount(w.env, taskId) >= 200, 30_000, '200 sends');
    const owner = task(w.env, taskId).lease_owner!;
    await sleepLaptop([main.pid!, Number(owner.split(':')[1])], LEASE_MS + 2000);
    const sent = outboxCount(w.env, taskId);
    await waitFor(() => outboxCount(w.env, taskId) > sent + 20, 30_000, 'sending again after the wake');
    expect(task(w.env, taskId).lease_owner).toBe(owner);
    const done = await waitForStatus(w.env, taskId, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    expect(done.in_doubt).toBe(0);
    expect(done.attempts).toBe(1);
    expect(done.succeeded).toBe(1200);
    expectIntegrity(w.env, taskId);
  });
});
