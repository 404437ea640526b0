/**
 * The same enqueue-and-complete work in plainjob, an SQLite job queue that
 * advertises 15k jobs/s: N jobs added, then a worker completes them all (its
 * processor is a no-op, like a zero-latency send). Run with plainjob's own settings
 * (WAL, synchronous=NORMAL) and with synchronous=FULL, which is what Taskdeck uses.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { better, defineQueue, defineWorker } from 'plainjob';
import { round } from './lib.ts';

export interface PlainjobResult {
  jobs: number;
  synchronous: 'NORMAL' | 'FULL';
  seconds: number;
  jobs_per_s: number;
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: console.error };

export async function runPlainjob(jobs = 100_000, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Promise<PlainjobResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskdeck-bench-plainjob-'));
  const database = new Database(join(dir, 'queue.db'));
  const queue = defineQueue({ connection: better(database), logger: quiet });
  // plainjob sets synchronous=NORMAL when it opens the queue; override after, for the FULL run.
  database.pragma(`synchronous = ${synchronous}`);
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const worker = defineWorker(
    'send',
    async () => {
      done++;
      if (done === jobs) finish();
    },
    { queue, logger: quiet, pollIntervall: 1 },
  );
  const began = performance.now();
  queue.addMany(
    'send',
    Array.from({ length: jobs }, (_, i) => ({ phone: `+972${500_000_000 + i}`, body: `Hi Customer ${i}, your order is ready` })),
  );
  void worker.start();
  await allDone;
  const seconds = (performance.now() - began) / 1000;
  await worker.stop();
  queue.close();
  rmSync(dir, { recursive: true, force: true });
  return { jobs, synchronous, seconds: round(seconds, 2), jobs_per_s: Math.round(jobs / seconds) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(JSON.stringify(await runPlainjob(n, 'NORMAL')));
  console.log(JSON.stringify(await runPlainjob(Math.min(n, 5000), 'FULL')));
}
