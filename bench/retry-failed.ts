/**
 * Retry failed on a broadcast with 150,000 failed items, in main: how long main holds the
 * write lock, and how long another writer (a worker of another task, here a thread with
 * its own connection committing a small write every few milliseconds) waits for it.
 * Once as before (one UPDATE in one transaction), once as TaskService does it now
 * (chunks of 5,000 with a pause between). Numbers, not pass/fail.
 *
 * `node bench/retry-failed.ts [failed]`
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createBusiness } from '../main/store/businesses-repo.ts';
import type { Db } from '../main/store/db.ts';
import { RETRY_CHUNK, TaskService } from '../main/services/task-service.ts';
import { benchEnv, percentile, round } from './lib.ts';

export interface RetryFailedResult {
  failed: number;
  chunk: number;
  one_statement: { lock_ms: number; other_writer_max_wait_ms: number; other_writer_p99_wait_ms: number; other_writes: number };
  chunked: {
    transactions: number;
    longest_lock_ms: number;
    mean_lock_ms: number;
    total_ms: number;
    other_writer_max_wait_ms: number;
    other_writer_p99_wait_ms: number;
    other_writes: number;
  };
}

/** A thread with its own connection: a tiny write transaction every 2 ms; reports each one's wait. */
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.dbPath);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 10000');
const write = db.prepare('UPDATE businesses SET name = name WHERE id = 1');
const waits = [];
let stop = false;
parentPort.on('message', () => { stop = true; });
(async function loop() {
  while (!stop) {
    const t0 = performance.now();
    db.transaction(() => write.run()).immediate();
    waits.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 2));
  }
  db.close();
  parentPort.postMessage(waits);
})();
`;

function seed(db: Db, failed: number): { businessId: number; taskId: number } {
  const business = createBusiness(db, 'Bench', 'IL');
  const t = Date.now();
  const params = { template: 'Hi {{name}}', recipients: { type: 'all' }, provider: { type: 'test-mode' }, rate: 1000, concurrency: 4 };
  const taskId = Number(
    db
      .prepare(
        `INSERT INTO tasks (business_id, kind, title, status, params, phase, total, processed, failed, finished_at, created_at, updated_at)
         VALUES (?, 'broadcast', 'Bench', 'completed', ?, 'send', ?, ?, ?, ?, ?, ?)`,
      )
      .run(business.id, JSON.stringify(params), failed, failed, failed, t, t, t).lastInsertRowid,
  );
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO task_items (task_id, business_id, seq, phone, dedupe_key, name, state, reason, attempts, updated_at)
     SELECT ?, ?, i, '+9725' || printf('%08d', i), '+9725' || printf('%08d', i), 'C' || i, 'failed', 'Temporary failure', 1, ? FROM n`,
  ).run(failed, taskId, business.id, t);
  return { businessId: business.id, taskId };
}

async function withOtherWriter<T>(dbPath: string, work: () => Promise<T> | T): Promise<{ result: T; waits: number[] }> {
  const sqlite = fileURLToPath(import.meta.resolve('better-sqlite3'));
  const worker = new Worker(WRITER, { eval: true, workerData: { dbPath, sqlite } });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const result = await work();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const waits = new Promise<number[]>((resolve) => worker.once('message', resolve));
  worker.postMessage('stop');
  const all = await waits;
  await worker.terminate();
  return { result, waits: all };
}

export async function runRetryFailed(failed = 150_000): Promise<RetryFailedResult> {
  // As before: one UPDATE of every failed item and the task row, in one transaction.
  const before = benchEnv('retry-failed-one');
  let oneStatement: RetryFailedResult['one_statement'];
  try {
    const { businessId, taskId } = seed(before.db, failed);
    const { result: lockMs, waits } = await withOtherWriter(before.dbPath, () => {
      const began = performance.now();
      before.db
        .transaction(() => {
          const n = before.db
            .prepare("UPDATE task_items SET state = 'pending', reason = NULL, updated_at = ? WHERE task_id = ? AND business_id = ? AND state = 'failed'")
            .run(Date.now(), taskId, businessId).changes;
          before.db.prepare("UPDATE tasks SET failed = failed - ?, processed = processed - ?, status = 'queued' WHERE id = ?").run(n, n, taskId);
        })
        .immediate();
      return performance.now() - began;
    });
    oneStatement = { lock_ms: round(lockMs), other_writer_max_wait_ms: round(Math.max(...waits)), other_writer_p99_wait_ms: round(percentile(waits, 99)), other_writes: waits.length };
  } finally {
    before.cleanup();
  }

  // Now: TaskService.retryFailed, in chunks.
  const now = benchEnv('retry-failed-chunked');
  try {
    const { businessId, taskId } = seed(now.db, failed);
    const chunks: number[] = [];
    const svc = new TaskService({ db: now.db, onRetryChunk: (c) => chunks.push(c.ms) });
    const { result: totalMs, waits } = await withOtherWriter(now.dbPath, async () => {
      const began = performance.now();
      await svc.retryFailed(businessId, taskId);
      return performance.now() - began;
    });
    return {
      failed,
      chunk: RETRY_CHUNK,
      one_statement: oneStatement,
      chunked: {
        transactions: chunks.length,
        longest_lock_ms: round(Math.max(...chunks)),
        mean_lock_ms: round(chunks.reduce((a, b) => a + b, 0) / chunks.length),
        total_ms: round(totalMs),
        other_writer_max_wait_ms: round(Math.max(...waits)),
        other_writer_p99_wait_ms: round(percentile(waits, 99)),
        other_writes: waits.length,
      },
    };
  } finally {
    now.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runRetryFailed(Number(process.argv[2] ?? 150_000)), null, 2));
}
