/**
 * Business isolation (a task of A never reads or changes B's rows), the scheduler's
 * limits (one broadcast per business at a time, a global worker limit, FIFO), and a
 * task whose worker keeps dying fails after 3 crashes in a row with the last error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TaskdeckError } from '../../common/result.ts';
import type { BroadcastParamsInput } from '../../common/tasks/broadcast/params.ts';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { ChildProcessWorkerHost, type WorkerHost } from '../../main/engine/worker-host.ts';
import { createHandlers } from '../../main/ipc/handlers.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import { pageItems } from '../../main/store/items-repo.ts';
import { setOptOut } from '../../main/store/contacts-repo.ts';
import { englishOf, accountsFor, outboxCount, seedBusiness, services, supervisorFor, task, tempEnv, waitFor, waitForStatus, type TestEnv } from '../helpers/engine.ts';

let env: TestEnv;
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(1000);
  env?.cleanup();
});

const params = (latencyMs = 0): BroadcastParamsInput => ({
  template: 'Hi {{name}}',
  recipients: { type: 'all' },
  provider: { type: 'test-mode', options: { latencyMs } },
  rate: 2000,
  concurrency: 4,
});

function start(options: Parameters<typeof supervisorFor>[1] = {}): Supervisor {
  const s = supervisorFor(env, options);
  supervisors.push(s);
  s.start();
  return s;
}

describe('business isolation', () => {
  it("a broadcast of A sends only to A's contacts, and B's id cannot reach A's task", async () => {
    env = tempEnv();
    const a = seedBusiness(env.db, 'A', 200, { phoneBase: 500_000_000 });
    const b = seedBusiness(env.db, 'B', 300, { phoneBase: 540_000_000 });
    start();
    const svc = services(env);
    const t = svc.start(a, 'broadcast', params());
    const done = await waitForStatus(env, t.id, ['completed']);
    expect(done.total).toBe(200);
    const phones = env.db.prepare('SELECT DISTINCT business_id FROM outbox WHERE task_id = ?').all(t.id);
    expect(phones).toEqual([{ business_id: a }]);
    const foreign = env.db
      .prepare('SELECT count(*) AS n FROM outbox o JOIN contacts c ON c.phone = o.phone WHERE o.task_id = ? AND c.business_id = ?')
      .get(t.id, b) as { n: number };
    expect(foreign.n).toBe(0);

    // Every entry point is scoped: B's id does not find A's task.
    expect(() => svc.pause(b, t.id)).toThrow(TaskdeckError);
    expect(() => svc.get(b, t.id)).toThrow(/not found/);
    await expect(svc.cancel(b, t.id)).rejects.toThrow(/not found/);
    await expect(svc.retryFailed(b, t.id)).rejects.toThrow(/not found/);
    expect(pageItems(env.db, b, t.id, {}, 0, 10).total).toBe(0);
    const contactOfA = (env.db.prepare('SELECT id FROM contacts WHERE business_id = ? LIMIT 1').get(a) as { id: number }).id;
    expect(() => setOptOut(env.db, b, contactOfA, true)).toThrow(/not found/);

    const handlers = createHandlers({ db: env.db, tasks: svc, accounts: accountsFor(env) });
    const viaIpc = await dispatch(handlers, 'tasks:items', { businessId: b, taskId: t.id });
    expect(viaIpc).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('scheduling', () => {
  it('runs one broadcast per business at a time, others in parallel, FIFO', async () => {
    env = tempEnv();
    const a = seedBusiness(env.db, 'A', 400, { phoneBase: 500_000_000 });
    const b = seedBusiness(env.db, 'B', 400, { phoneBase: 540_000_000 });
    start();
    const svc = services(env);
    const a1 = svc.start(a, 'broadcast', params(2));
    const a2 = svc.start(a, 'broadcast', params(2));
    const b1 = svc.start(b, 'broadcast', params(2));
    await waitFor(() => task(env, a1.id).status === 'running' && task(env, b1.id).status === 'running', 20_000, 'a1 and b1 running');
    expect(task(env, a2.id).status).toBe('queued');
    await waitForStatus(env, a1.id, ['completed']);
    const a2Done = await waitForStatus(env, a2.id, ['completed']);
    expect(a2Done.started_at!).toBeGreaterThanOrEqual(task(env, a1.id).finished_at!);
    expect(outboxCount(env, a2.id)).toBe(400);
  });

  it('respects the global worker limit', async () => {
    env = tempEnv();
    const ids = [1, 2, 3].map((i) => seedBusiness(env.db, `B${i}`, 300, { phoneBase: 500_000_000 + i * 10_000 }));
    const supervisor = start({ workerLimit: () => 2 });
    const svc = services(env);
    const tasks = ids.map((b) => svc.start(b, 'broadcast', params(3)));
    let maxConcurrent = 0;
    await waitFor(() => {
      maxConcurrent = Math.max(maxConcurrent, supervisor.runningCount());
      return tasks.every((t) => task(env, t.id).status === 'completed');
    }, 60_000, 'all completed');
    expect(maxConcurrent).toBe(2);
  });

  it('fails a task after 3 crashes in a row, showing the last error', async () => {
    env = tempEnv();
    const a = seedBusiness(env.db, 'A', 2000);
    // A host whose workers die as soon as they report progress.
    const real = new ChildProcessWorkerHost({ inheritOutput: false });
    const crashing: WorkerHost = {
      spawn(taskId) {
        const handle = real.spawn(taskId);
        handle.onMessage((m) => {
          if (m.type === 'snapshot') handle.kill();
        });
        return handle;
      },
    };
    start({ host: crashing });
    const t = services(env).start(a, 'broadcast', params(5));
    const failed = await waitForStatus(env, t.id, ['failed'], 30_000);
    expect(failed.crash_count).toBe(3);
    expect(englishOf(failed.last_error)).toMatch(/killed \(SIGKILL\), 3 times in a row/);
    expect(task(env, t.id).lease_owner).toBeNull();
    expect(env.db.prepare("SELECT count(*) AS n FROM task_items WHERE task_id = ? AND state = 'claimed'").get(t.id)).toEqual({ n: 0 });
  });

  it('an opted-out contact is skipped even when opted out after the task was created', async () => {
    env = tempEnv();
    const a = seedBusiness(env.db, 'A', 10);
    const svc = services(env);
    const t = svc.start(a, 'broadcast', params());
    setOptOut(env.db, a, (env.db.prepare('SELECT min(id) AS id FROM contacts').get() as { id: number }).id, true);
    start();
    const done = await waitForStatus(env, t.id, ['completed']);
    expect(done.skipped).toBe(1);
    expect(outboxCount(env, t.id)).toBe(9);
  });

  it('pause all (the tray) pauses every active task of every business, and nothing is sent while paused', async () => {
    env = tempEnv();
    const a = seedBusiness(env.db, 'A', 3000, { phoneBase: 500_000_000 });
    const b = seedBusiness(env.db, 'B', 3000, { phoneBase: 540_000_000 });
    const supervisor = start();
    const svc = services(env, supervisor);
    const ta = svc.start(a, 'broadcast', params(3));
    const tb = svc.start(b, 'broadcast', params(3));
    const queued = svc.start(a, 'broadcast', params(3));
    await waitFor(() => outboxCount(env, ta.id) > 50 && outboxCount(env, tb.id) > 50, 20_000, 'both sending');
    expect(svc.pauseAll()).toBe(3);
    for (const id of [ta.id, tb.id, queued.id]) await waitForStatus(env, id, ['paused']);
    const sent = [ta.id, tb.id].map((id) => outboxCount(env, id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([ta.id, tb.id].map((id) => outboxCount(env, id))).toEqual(sent);
    expect(outboxCount(env, queued.id)).toBe(0);
  });
});

