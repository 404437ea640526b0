/**
 * The engine's guarantees, end to end under Node: real SQLite files, real worker
 * processes, real kills. Each test can fail: it counts what the outbox received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastParamsInput } from '../../common/tasks/broadcast/params.ts';
import { updateSettings } from '../../main/store/settings-repo.ts';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import {
  expectIntegrity,
  itemsInState,
  englishOf,
  outboxCount,
  seedBusiness,
  sendsPerItem,
  services,
  supervisorFor,
  task,
  tempEnv,
  waitFor,
  waitForStatus,
  type TestEnv,
} from '../helpers/engine.ts';

let env: TestEnv;
const supervisors: Supervisor[] = [];

function params(overrides: Partial<BroadcastParamsInput> = {}, latencyMs = 0): BroadcastParamsInput {
  return {
    template: 'Hi {{name}} from {{city}}',
    recipients: { type: 'all' },
    provider: { type: 'test-mode', options: { latencyMs } },
    rate: 1000,
    concurrency: 4,
    ...overrides,
  };
}

function start(options: Parameters<typeof supervisorFor>[1] = {}): Supervisor {
  const supervisor = supervisorFor(env, options);
  supervisors.push(supervisor);
  supervisor.start();
  return supervisor;
}

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(1000);
  env?.cleanup();
});

describe('broadcast engine', () => {
  it('sends each recipient once, skips opted-out ones with a reason, and completes', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Bakery', 600, { optedOutEvery: 10 });
    const supervisor = start();
    const snapshots: number[] = [];
    supervisor.onSnapshot((s) => snapshots.push(s.version));
    const t = services(env, supervisor).start(businessId, 'broadcast', params());
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.total).toBe(600);
    expect(done.skipped).toBe(60);
    expect(done.succeeded).toBe(540);
    expect(outboxCount(env, t.id)).toBe(540);
    const reason = env.db.prepare("SELECT reason FROM task_items WHERE task_id = ? AND state = 'skipped' LIMIT 1").get(t.id) as { reason: string };
    expect(englishOf(reason.reason)).toMatch(/opted out/i);
    const body = env.db.prepare('SELECT body FROM outbox WHERE task_id = ? ORDER BY id LIMIT 1').get(t.id) as { body: string };
    expect(body.body).toBe('Hi Customer 1 from Haifa');
    expectIntegrity(env, t.id);
    expect(snapshots.length).toBeGreaterThan(0);
  });

  it('cancel: no send after the acknowledgement, the rest cancelled, counters match', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 3000);
    const supervisor = start();
    const svc = services(env, supervisor);
    const t = svc.start(businessId, 'broadcast', params({ concurrency: 2 }, 3));
    await waitFor(() => outboxCount(env, t.id) >= 100, 30_000, 'some sends');
    const requested = performance.now();
    const ackedAt = await supervisor.control(t.id, 'cancel');
    expect(ackedAt).not.toBeNull();
    const sentAtAck = outboxCount(env, t.id);
    // The durable flag too, as the window's cancel does.
    env.db.prepare('UPDATE tasks SET cancel_requested = 1 WHERE id = ?').run(t.id);
    const done = await waitForStatus(env, t.id, ['cancelled', 'failed']);
    expect(done.status).toBe('cancelled');
    expect(outboxCount(env, t.id)).toBe(sentAtAck);
    expect(done.succeeded).toBe(sentAtAck);
    expect(done.cancelled).toBeGreaterThan(0);
    expect(done.succeeded + done.cancelled + done.in_doubt).toBe(3000);
    expect(ackedAt! - requested).toBeLessThan(250);
    expectIntegrity(env, t.id);
  });

  it('pause stops sending, resume continues from the cursor without redoing anything', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 1500);
    const supervisor = start();
    const svc = services(env, supervisor);
    const t = svc.start(businessId, 'broadcast', params({}, 2));
    await waitFor(() => outboxCount(env, t.id) >= 100, 30_000, 'some sends');
    svc.pause(businessId, t.id);
    const paused = await waitForStatus(env, t.id, ['paused']);
    const sentAtPause = outboxCount(env, t.id);
    expect(paused.succeeded).toBe(sentAtPause);
    expect(sentAtPause).toBeLessThan(1500);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(outboxCount(env, t.id)).toBe(sentAtPause);
    expect(itemsInState(env, t.id, 'claimed')).toHaveLength(0);
    svc.resume(businessId, t.id);
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(outboxCount(env, t.id)).toBe(1500);
    expectIntegrity(env, t.id);
  });

  it('a contact who opts out while the broadcast is paused (or running) is not sent to', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 1200);
    const supervisor = start();
    const svc = services(env, supervisor);
    const t = svc.start(businessId, 'broadcast', params({ concurrency: 2 }, 2));
    await waitFor(() => outboxCount(env, t.id) >= 100, 30_000, 'some sends');
    svc.pause(businessId, t.id);
    await waitForStatus(env, t.id, ['paused']);
    // Fifty recipients still to come reply STOP (or the owner marks them) while it is paused.
    const later = env.db
      .prepare("SELECT subject FROM task_items WHERE task_id = ? AND state = 'pending' ORDER BY seq DESC LIMIT 50")
      .all(t.id) as { subject: string }[];
    const optOut = env.db.prepare('UPDATE contacts SET opted_out = 1 WHERE business_id = ? AND phone = ?');
    for (const { subject } of later) optOut.run(businessId, subject);
    svc.resume(businessId, t.id);
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const sentTo = new Set((env.db.prepare('SELECT phone FROM outbox WHERE task_id = ?').all(t.id) as { phone: string }[]).map((r) => r.phone));
    for (const { subject } of later) expect(sentTo.has(subject), `${subject} opted out`).toBe(false);
    const skipped = env.db.prepare("SELECT subject, reason FROM task_items WHERE task_id = ? AND state = 'skipped'").all(t.id) as { subject: string; reason: string }[];
    expect(skipped.map((r) => r.subject).sort()).toEqual(later.map((r) => r.subject).sort());
    for (const row of skipped) expect(englishOf(row.reason)).toBe('Opted out of messages');
    expect(done.skipped).toBe(50);
    expect(done.succeeded).toBe(1150);
    expectIntegrity(env, t.id);
  });

  it('relaunch: a graceful stop leaves the task interrupted; the next supervisor finishes it', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 1200);
    const first = start();
    const t = services(env, first).start(businessId, 'broadcast', params({}, 2));
    await waitFor(() => outboxCount(env, t.id) >= 100, 30_000, 'some sends');
    await first.shutdown(3000);
    expect(task(env, t.id).status).toBe('interrupted');
    const sentBefore = outboxCount(env, t.id);
    start();
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(outboxCount(env, t.id)).toBe(1200);
    expect(sentBefore).toBeLessThan(1200);
    expect(done.in_doubt).toBe(0);
    expectIntegrity(env, t.id);
  });

  it('SIGKILL of a worker mid-batch: no duplicate, nothing lost, in-doubt items flagged and not resent', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 2000);
    const supervisor = start();
    const svc = services(env, supervisor);
    const t = svc.start(businessId, 'broadcast', params({ concurrency: 8, rate: 2000 }, 5));
    for (let kill = 0; kill < 3; kill++) {
      const target = 300 * (kill + 1);
      await waitFor(() => outboxCount(env, t.id) >= target, 30_000, `${target} sends`);
      const owner = task(env, t.id).lease_owner;
      const pid = Number(owner?.split(':')[1]);
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => task(env, t.id).lease_owner !== owner, 30_000, 'a new worker');
    }
    const done = await waitForStatus(env, t.id, ['completed', 'failed'], 90_000);
    expect(done.last_error).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.in_doubt).toBeGreaterThan(0);
    expectIntegrity(env, t.id);
    const inDoubt = itemsInState(env, t.id, 'in_doubt');
    const sends = sendsPerItem(env, t.id);
    for (const id of inDoubt) expect(sends.get(id) ?? 0).toBeLessThanOrEqual(1);

    // The owner asks the provider: the ones that went out are marked sent, the rest go again.
    svc.settleInDoubt(businessId, t.id, 'ask-provider');
    const settled = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(settled.in_doubt).toBe(0);
    expect(settled.succeeded).toBe(2000);
    expect(outboxCount(env, t.id)).toBe(2000);
    expectIntegrity(env, t.id);
  });

  it('offline: the task waits with no item failed, and goes on by itself when the network is back', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 300);
    updateSettings(env.db, { testModeOffline: true });
    start();
    const t = services(env).start(businessId, 'broadcast', params());
    const waiting = await waitForStatus(env, t.id, ['waiting']);
    expect(waiting.wait_reason).toBe('offline');
    expect(englishOf(waiting.last_error)).toMatch(/network/i);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(task(env, t.id).failed).toBe(0);
    expect(outboxCount(env, t.id)).toBe(0);
    updateSettings(env.db, { testModeOffline: false });
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.failed).toBe(0);
    expect(outboxCount(env, t.id)).toBe(300);
    expectIntegrity(env, t.id);
  });

  it('transient and permanent provider failures: retried, or failed with the reason; retry-failed resends only those', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 400);
    const supervisor = start();
    const svc = services(env, supervisor);
    const t = svc.start(businessId, 'broadcast', { ...params(), provider: { type: 'test-mode', options: { transientFailureRate: 0.2, permanentFailureRate: 0.05, seed: 7 } } });
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.failed).toBeGreaterThan(0);
    expect(done.succeeded).toBeGreaterThan(300);
    const reasons = env.db.prepare("SELECT DISTINCT reason FROM task_items WHERE task_id = ? AND state = 'failed'").all(t.id) as { reason: string }[];
    expect(reasons.map((r) => englishOf(r.reason)).join('\n')).toMatch(/not on WhatsApp/);
    expectIntegrity(env, t.id);
    const sentBefore = outboxCount(env, t.id);
    await svc.retryFailed(businessId, t.id);
    const again = await waitForStatus(env, t.id, ['completed', 'failed']);
    // Permanent rejections fail again; nothing already sent is sent twice.
    expect(again.succeeded).toBeGreaterThanOrEqual(done.succeeded);
    expect(outboxCount(env, t.id)).toBe(again.succeeded);
    expect(outboxCount(env, t.id)).toBeGreaterThanOrEqual(sentBefore);
    expectIntegrity(env, t.id);
  });

  it('a missing template value skips the row with a reason', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 5);
    env.db.prepare("UPDATE contacts SET fields = '{}' WHERE id = (SELECT min(id) FROM contacts)").run();
    start();
    const t = services(env).start(businessId, 'broadcast', params());
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.skipped).toBe(1);
    const reason = env.db.prepare("SELECT reason FROM task_items WHERE task_id = ? AND state = 'skipped'").get(t.id) as { reason: string };
    expect(englishOf(reason.reason)).toBe('No value for {{city}}');
    expectIntegrity(env, t.id);
  });

  it('a flat-out zero-latency run keeps heartbeating and pushing snapshots (the watchdog never fires)', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 60_000);
    const supervisor = start({ leaseMs: 800, heartbeatMs: 200 });
    let snapshots = 0;
    supervisor.onSnapshot(() => snapshots++);
    const t = services(env, supervisor).start(businessId, 'broadcast', params({ rate: 100_000, concurrency: 8 }));
    const began = Date.now();
    const done = await waitForStatus(env, t.id, ['completed', 'failed'], 120_000);
    const seconds = (Date.now() - began) / 1000;
    expect(done.status).toBe('completed');
    expect(done.in_doubt).toBe(0);
    expect(done.attempts).toBe(1);
    expect(done.succeeded).toBe(60_000);
    // Roughly ten a second while it ran; at least a few per second proves timers ran.
    expect(snapshots).toBeGreaterThan(Math.floor(seconds * 3));
  }, 180_000);

  it('an account problem parks the task as waiting (account) with nothing burned; Resume after the fix finishes it', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 500);
    const supervisor = start();
    const svc = services(env, supervisor);
    updateSettings(env.db, { testModeAccountProblem: true });
    const t = svc.start(businessId, 'broadcast', params({}, 1));
    const parked = await waitFor(() => {
      const row = task(env, t.id);
      return row.status === 'waiting' && row.lease_owner === null ? row : undefined;
    }, 20_000, 'parked waiting (account)');
    expect(parked.wait_reason).toBe('account');
    expect(englishOf(parked.last_error)).toMatch(/token has expired/);
    expect(parked.failed).toBe(0);
    expect(parked.processed).toBe(0);
    expect(outboxCount(env, t.id)).toBe(0);
    // Its worker exits: a parked task holds no process.
    await waitFor(() => !supervisor.isRunningLocally(t.id), 10_000, 'the worker to exit');
    // Parked tasks do not keep a headless supervisor busy.
    await supervisor.whenIdle();

    updateSettings(env.db, { testModeAccountProblem: false });
    svc.resume(businessId, t.id);
    const done = await waitForStatus(env, t.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(outboxCount(env, t.id)).toBe(500);
    expectIntegrity(env, t.id);
  });

  it('when main sees the network come back, a task waiting offline goes on at once instead of after its backoff', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 50);
    updateSettings(env.db, { testModeOffline: true });
    const supervisor = start();
    const t = services(env, supervisor).start(businessId, 'broadcast', params());
    await waitForStatus(env, t.id, ['waiting']);
    // Long enough for the probe backoff to reach several seconds.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    updateSettings(env.db, { testModeOffline: false });
    const back = Date.now();
    supervisor.networkChanged(true);
    await waitForStatus(env, t.id, ['running', 'completed']);
    expect(Date.now() - back).toBeLessThan(1500);
    const done = await waitForStatus(env, t.id, ['completed']);
    expect(done.succeeded).toBe(50);
  });
});

