/**
 * The product path of a contacts import: a `contacts-import` task run by the
 * supervisor in its own worker process, 200,000 rows. Reports rows/s and the
 * worker's peak RSS (sampled from /proc every 20 ms).
 */
import { join } from 'node:path';
import { getTaskById } from '../main/store/tasks-repo.ts';
import { createBusiness } from '../main/store/businesses-repo.ts';
import { TaskService } from '../main/services/task-service.ts';
import { writeCsv } from './csv-import.bench.ts';
import { benchEnv, benchSupervisor, rssMb, round, until } from './lib.ts';

export interface CsvImportTaskResult {
  rows: number;
  seconds: number;
  rows_per_s: number;
  worker_peak_rss_mb: number;
  created: number;
  merged: number;
  failed: number;
}

export async function runCsvImportTask(rows = 200_000): Promise<CsvImportTaskResult> {
  const env = benchEnv('csv-task');
  const supervisor = benchSupervisor(env);
  try {
    const path = join(env.dir, 'contacts.csv');
    await writeCsv(path, rows);
    const business = createBusiness(env.db, 'Bench', 'IL');
    supervisor.start();
    const began = performance.now();
    const task = new TaskService({ db: env.db, supervisor }).start(business.id, 'contacts-import', { path });
    let peak = 0;
    const sampler = setInterval(() => {
      const pid = Number(getTaskById(env.db, task.id)?.lease_owner?.split(':')[1]);
      if (pid) peak = Math.max(peak, rssMb(pid));
    }, 20);
    await until(() => ['completed', 'failed'].includes(getTaskById(env.db, task.id)!.status));
    clearInterval(sampler);
    const seconds = (performance.now() - began) / 1000;
    const row = getTaskById(env.db, task.id)!;
    if (row.status !== 'completed') throw new Error(`import ${row.status}: ${row.last_error}`);
    return {
      rows,
      seconds: round(seconds, 2),
      rows_per_s: Math.round(rows / seconds),
      worker_peak_rss_mb: round(peak),
      created: row.succeeded,
      merged: row.skipped,
      failed: row.failed,
    };
  } finally {
    await supervisor.shutdown(1000);
    env.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runCsvImportTask(Number(process.argv[2] ?? 200_000))));
}
