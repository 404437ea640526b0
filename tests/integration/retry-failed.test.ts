/**
 * Retry failed on a big broadcast: the failed items go back to pending in short chunks
 * (other writers and the event loop get in between), each item exactly once, counters
 * equal the item states after every chunk, and no worker starts on a half-reset set.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastParamsInput } from '../../common/tasks/broadcast/params.ts';
import type { Supervisor } from '../../main/engine/supervisor.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { TaskService } from '../../main/services/task-service.ts';
import {
  expectCountersMatchItems,
  itemsInState,
  outboxCount,
  seedBusiness,
  sendsPerItem,
  supervisorFor,
  task,
  tempEnv,
  waitForStatus,
  type TestEnv,
} from '../helpers/engine.ts';

let env: TestEnv;
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.shutdown(1000);
  env?.cleanup();
});

const PARAMS: BroadcastParamsInput = {
  template: 'Hi {{name}}',
  recipients: { type: 'all' },
  provider: { type: 'test-mode', options: { latencyMs: 0 } },
  rate: 100_000,
  concurrency: 4,
};

/** A finished broadcast with `done` sent items, then `failed` failed ones, made directly in SQL. */
function finishedBroadcast(businessId: number, done: number, failed: number): number {
  const t = Date.now();
  const taskId = Number(
    env.db
      .prepare(
        `INSERT INTO tasks (business_id, kind, title, status, params, phase, total, processed, succeeded, failed, finished_at, created_at, updated_at)
         VALUES (?, 'broadcast', 'Big one', 'completed', ?, 'send', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(businessId, JSON.stringify(PARAMS), done + failed, done + failed, done, failed, t, t, t).lastInsertRowid,
  );
  env.db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO task_items (task_id, business_id, seq, subject, dedupe_key, label, payload, state, reason, attempts, result, updated_at)
       SELECT ?, ?, i, '+9725' || printf('%08d', i), '+9725' || printf('%08d', i), 'Customer ' || i,
              json_object('contactId', NULL, 'vars', json_object('name', 'Customer ' || i)),
              CASE WHEN i <= ? THEN 'done' ELSE 'failed' END, CASE WHEN i <= ? THEN NULL ELSE '{"key":"testBusy"}' END, 1,
              CASE WHEN i <= ? THEN json_object('providerRef', 'ref-' || i) ELSE NULL END, ?
       FROM n`,
    )
    .run(done + failed, taskId, businessId, done, done, done, t);
  return taskId;
}

describe('retry failed', () => {
  it('150,000 failed items: all pending exactly once, in chunks of 5,000, consistent after every chunk, others write in between', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 0);
    const DONE = 10_000;
    const FAILED = 150_000;
    const taskId = finishedBroadcast(businessId, DONE, FAILED);
    const failedIds = new Set(itemsInState(env, taskId, 'failed'));
    expect(failedIds.size).toBe(FAILED);
    expectCountersMatchItems(env, taskId);

    const chunks: { items: number; ms: number }[] = [];
    // What another connection sees between chunks: consistent counters, main's lease, no worker.
    const other = new Database(env.dbPath);
    other.pragma('busy_timeout = 10000');
    const midway: { pending: number; failed: number; counterFailed: number; processed: number; owner: string | null; status: string }[] = [];
    let otherWrites = 0;
    const svc = new TaskService({
      db: env.db,
      onRetryChunk: (c) => {
        chunks.push({ items: c.items, ms: c.ms });
      },
    });
    // Runs whenever main's event loop is free while the retry is in progress.
    let retrying = true;
    const observe = () => {
      if (!retrying) return;
      other.transaction(() => {
        const row = other.prepare('SELECT failed, processed, lease_owner, status FROM tasks WHERE id = ?').get(taskId) as {
          failed: number;
          processed: number;
          lease_owner: string | null;
          status: string;
        };
        const states = other.prepare("SELECT state, count(*) AS n FROM task_items WHERE task_id = ? GROUP BY state").all(taskId) as { state: string; n: number }[];
        const count = (s: string) => states.find((r) => r.state === s)?.n ?? 0;
        midway.push({ pending: count('pending'), failed: count('failed'), counterFailed: row.failed, processed: row.processed, owner: row.lease_owner, status: row.status });
        // Another writer (a worker of another task, the window's own requests) gets the lock.
        other.prepare('UPDATE businesses SET name = name WHERE id = ?').run(businessId);
        otherWrites++;
      }).immediate();
      setTimeout(observe, 1);
    };
    setTimeout(observe, 0);
    const began = performance.now();
    const { task: snapshot, retried, leftAlone } = await svc.retryFailed(businessId, taskId);
    expect({ retried, leftAlone }).toEqual({ retried: FAILED, leftAlone: 0 });
    const totalMs = performance.now() - began;
    retrying = false;
    other.close();

    // Every failed item pending, each exactly once; nothing else touched.
    const states = countItemsByState(env.db, taskId);
    expect(states).toMatchObject({ pending: FAILED, failed: 0, done: DONE, claimed: 0 });
    const pendingIds = itemsInState(env, taskId, 'pending');
    expect(pendingIds.length).toBe(FAILED);
    expect(pendingIds.every((id) => failedIds.has(id))).toBe(true);
    const reasons = env.db.prepare("SELECT count(*) AS n FROM task_items WHERE task_id = ? AND state = 'pending' AND reason IS NOT NULL").get(taskId) as { n: number };
    expect(reasons.n).toBe(0);
    expectCountersMatchItems(env, taskId);
    expect(snapshot).toMatchObject({ status: 'queued', counters: { failed: 0, processed: DONE, succeeded: DONE, total: DONE + FAILED } });
    expect(task(env, taskId)).toMatchObject({ lease_owner: null, lease_expires_at: null, finished_at: null, next_run_at: 0 });

    // Chunks of at most 5,000 items: 30 full ones and the empty one that ends it.
    expect(chunks.reduce((a, c) => a + c.items, 0)).toBe(FAILED);
    expect(Math.max(...chunks.map((c) => c.items))).toBe(5000);
    expect(chunks.length).toBe(31);
    // Between chunks main's event loop ran and another connection wrote; what it saw was consistent,
    // the task held by main (no worker could take it), and every item either failed or pending.
    expect(otherWrites).toBeGreaterThanOrEqual(10);
    expect(midway.some((m) => m.pending > 0 && m.failed > 0)).toBe(true);
    for (const m of midway) {
      expect(m.counterFailed).toBe(m.failed);
      expect(m.processed).toBe(DONE + m.failed);
      expect(m.pending + m.failed).toBe(FAILED);
      if (m.pending > 0 && m.failed > 0) expect(m.owner).toMatch(/^m:\d+:/);
    }
    const longest = Math.max(...chunks.map((c) => c.ms));
    console.log(
      `[retry-failed] ${FAILED} items: ${chunks.length} transactions, longest ${longest.toFixed(1)} ms, ` +
        `mean ${(chunks.reduce((a, c) => a + c.ms, 0) / chunks.length).toFixed(1)} ms, total ${totalMs.toFixed(0)} ms; ` +
        `${otherWrites} writes by another connection in between`,
    );
  }, 120_000);

  it('a live supervisor does not start the task on a half-reset set; then every item goes out exactly once', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 0);
    const taskId = finishedBroadcast(businessId, 500, 3000);
    const supervisor = supervisorFor(env);
    supervisors.push(supervisor);
    supervisor.start();
    const seen: { running: boolean; outbox: number; owner: string | null }[] = [];
    const svc = new TaskService({
      db: env.db,
      supervisor,
      retryChunk: 100,
      onRetryChunk: () => seen.push({ running: supervisor.isRunningLocally(taskId), outbox: outboxCount(env, taskId), owner: task(env, taskId).lease_owner }),
    });
    const failedIds = itemsInState(env, taskId, 'failed');
    await svc.retryFailed(businessId, taskId);
    expect(seen.length).toBe(31);
    for (const s of seen) expect(s).toMatchObject({ running: false, outbox: 0, owner: expect.stringMatching(/^m:/) });

    const done = await waitForStatus(env, taskId, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done).toMatchObject({ succeeded: 3500, failed: 0, in_doubt: 0 });
    // The retried items went out exactly once each; the ones sent before (seeded, so not
    // in the outbox) were not sent again.
    expect(outboxCount(env, taskId)).toBe(3000);
    const sends = sendsPerItem(env, taskId);
    expect(failedIds.every((id) => sends.get(id) === 1)).toBe(true);
    expect(sends.size).toBe(3000);
    expectCountersMatchItems(env, taskId);
  });

  it('refused while another Retry failed holds the task, and for a running task', async () => {
    env = tempEnv();
    const businessId = seedBusiness(env.db, 'Shop', 0);
    const taskId = finishedBroadcast(businessId, 0, 12);
    const svc = new TaskService({ db: env.db, retryChunk: 5 });
    const first = svc.retryFailed(businessId, taskId);
    await expect(svc.retryFailed(businessId, taskId)).rejects.toThrow(/busy/);
    await first;
    expect(task(env, taskId)).toMatchObject({ failed: 0, status: 'queued', lease_owner: null });
    env.db.prepare("UPDATE tasks SET status = 'running', failed = 1 WHERE id = ?").run(taskId);
    await expect(svc.retryFailed(businessId, taskId)).rejects.toThrow(/Pause the task/);
  });

  it('leaves failed recipients who opted out alone, says how many, and sends only to the others', async () => {
    env = tempEnv();
    // Contacts 1..40 have the phones of items 1..40 (both +97250000000i).
    const businessId = seedBusiness(env.db, 'Shop', 40);
    const taskId = finishedBroadcast(businessId, 20, 20);
    // Items 21..25 failed because WhatsApp said they stopped marketing messages (the contact was
    // marked opted out in the same commit); item 26's contact opted out after the broadcast.
    env.db.prepare("UPDATE contacts SET opted_out = 1 WHERE business_id = ? AND phone IN ('+972500000021', '+972500000022', '+972500000023', '+972500000024', '+972500000025', '+972500000026')").run(businessId);
    const keptIds = (env.db.prepare("SELECT id FROM task_items WHERE task_id = ? AND seq BETWEEN 21 AND 26 ORDER BY seq").all(taskId) as { id: number }[]).map((r) => r.id);

    const supervisor = supervisorFor(env);
    supervisors.push(supervisor);
    supervisor.start();
    const svc = new TaskService({ db: env.db, supervisor });
    const answer = await svc.retryFailed(businessId, taskId);
    expect({ retried: answer.retried, leftAlone: answer.leftAlone }).toEqual({ retried: 14, leftAlone: 6 });
    expect(answer.task.counters.failed).toBe(6);

    const done = await waitForStatus(env, taskId, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', succeeded: 34, failed: 6, skipped: 0, in_doubt: 0 });
    const sends = sendsPerItem(env, taskId);
    expect(sends.size).toBe(14);
    for (const id of keptIds) expect(sends.has(id), `item ${id} was not sent`).toBe(false);
    expect(itemsInState(env, taskId, 'failed').sort()).toEqual([...keptIds].sort());
    expectCountersMatchItems(env, taskId);

    // Only opted-out failures are left: nothing to retry, and the owner is told why.
    await expect(svc.retryFailed(businessId, taskId)).rejects.toThrow('The 6 failed messages are to customers who stopped marketing messages; they are not sent again.');
  });
});
