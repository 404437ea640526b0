/**
 * Delete throughput: a `receipts-delete` task for all of a business's receipts, run by
 * the supervisor in its own worker process. Every receipt has its own attachment file and
 * every 10th also a shared one, so the task deletes rows and removes files. Reports
 * receipts/s end to end (planning included) and for the delete phase alone, and the
 * worker's peak RSS.
 */
import { readdirSync } from 'node:fs';
import { getTaskById } from '../main/store/tasks-repo.ts';
import { createBusiness } from '../main/store/businesses-repo.ts';
import { BlobStore, blobRootFor } from '../main/receipts/blob-store.ts';
import { startReceiptsDelete } from '../tests/helpers/seed.ts';
import { seedSampleReceipts } from '../main/receipts/sample-data.ts';
import { benchEnv, benchSupervisor, rssMb, round, until } from './lib.ts';

export interface ReceiptsDeleteResult {
  receipts: number;
  files_before: number;
  files_after: number;
  seed_s: number;
  seconds: number;
  receipts_per_s: number;
  plan_s: number;
  delete_s: number;
  delete_receipts_per_s: number;
  worker_peak_rss_mb: number;
}

function countFiles(root: string): number {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name))
    .reduce((n, d) => n + readdirSync(`${root}/${d.name}`).length, 0);
}

export async function runReceiptsDelete(n = 100_000): Promise<ReceiptsDeleteResult> {
  const env = benchEnv('receipts-delete');
  const supervisor = benchSupervisor(env);
  try {
    const seedStart = performance.now();
    const blobs = new BlobStore(blobRootFor(env.dbPath), { durable: false });
    const business = createBusiness(env.db, 'Bench', 'IL');
    seedSampleReceipts(env.db, blobs, business.id, n, { shareEvery: 10 });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const filesBefore = countFiles(blobs.root);

    supervisor.start();
    const began = performance.now();
    const { task } = startReceiptsDelete(env.db, business.id, { filter: {} });
    supervisor.wake();
    let peak = 0;
    let deletePhaseAt: number | null = null;
    const sampler = setInterval(() => {
      const row = getTaskById(env.db, task.id);
      if (deletePhaseAt === null && row?.phase === 'delete') deletePhaseAt = performance.now();
      const pid = Number(row?.lease_owner?.split(':')[1]);
      if (pid) peak = Math.max(peak, rssMb(pid));
    }, 20);
    await until(() => ['completed', 'failed', 'cancelled'].includes(getTaskById(env.db, task.id)!.status));
    clearInterval(sampler);
    const ended = performance.now();
    const row = getTaskById(env.db, task.id)!;
    if (row.status !== 'completed') throw new Error(`receipts-delete ${row.status}: ${row.last_error}`);
    if (row.succeeded !== n) throw new Error(`deleted ${row.succeeded} of ${n}`);
    const seconds = (ended - began) / 1000;
    const planSeconds = ((deletePhaseAt ?? began) - began) / 1000;
    const deleteSeconds = seconds - planSeconds;
    return {
      receipts: n,
      files_before: filesBefore,
      files_after: countFiles(blobs.root),
      seed_s: round(seedSeconds, 2),
      seconds: round(seconds, 2),
      receipts_per_s: Math.round(n / seconds),
      plan_s: round(planSeconds, 2),
      delete_s: round(deleteSeconds, 2),
      delete_receipts_per_s: Math.round(n / deleteSeconds),
      worker_peak_rss_mb: round(peak),
    };
  } finally {
    await supervisor.shutdown(1000);
    env.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runReceiptsDelete(Number(process.argv[2] ?? 100_000))));
}
