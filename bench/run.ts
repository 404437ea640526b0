/**
 * `npm run bench`: every bench in one run, so ratios compare like with like on the
 * same noisy machine. Prints each result as it lands and writes bench/results.json.
 * Numbers, not pass/fail.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runCancelLatency } from './cancel-latency.ts';
import { runCsvImportBench } from './csv-import.bench.ts';
import { runCsvImportTask } from './csv-import-task.ts';
import { runEngineThroughput } from './engine-throughput.ts';
import { runPlainjob } from './plainjob-baseline.ts';
import { runReceiptsDelete } from './receipts-delete.ts';
import { runReceiptsSync } from './receipts-sync.ts';
import { runRetryFailed } from './retry-failed.ts';
import { runRendererPerf } from './renderer-perf.ts';
import { runWhatsAppRate } from './whatsapp-rate.ts';
import { round } from './lib.ts';

const results: Record<string, unknown> = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: round(totalmem() / 2 ** 30), node: process.version },
};

function record(name: string, value: unknown): void {
  results[name] = value;
  console.log(`${name}: ${JSON.stringify(value)}`);
}

const throughput = await runEngineThroughput(100_000);
record('engine_throughput_100k', throughput);
const plainjob = await runPlainjob(100_000, 'NORMAL');
record('plainjob_100k_normal', plainjob);
const plainjobFull = await runPlainjob(5_000, 'FULL');
record('plainjob_5k_full', plainjobFull);
record('taskdeck_vs_plainjob', {
  taskdeck_items_per_s: throughput.items_per_s,
  plainjob_jobs_per_s: plainjob.jobs_per_s,
  ratio: round(throughput.items_per_s / plainjob.jobs_per_s, 2),
  ratio_same_durability: round(throughput.items_per_s / plainjobFull.jobs_per_s, 2),
});
record('cancel_latency', await runCancelLatency(30));
// The product path (a contacts-import task in its own worker), then the bare pipeline.
record('csv_import_task_200k', await runCsvImportTask(200_000));
record('csv_pipeline_200k_in_process', await runCsvImportBench(200_000));
const memory = await runEngineThroughput(200_000);
record('worker_memory_200k', {
  recipients: memory.recipients,
  worker_peak_rss_mb: memory.worker_peak_rss_mb,
  worker_rss_mb_at: memory.worker_rss_mb_at,
  items_per_s: memory.items_per_s,
});

record('receipts_sync_1000_zero_latency', await runReceiptsSync(1000, 0));
record('receipts_sync_1000_50ms', await runReceiptsSync(1000, 50));
record('receipts_delete_100k', await runReceiptsDelete(100_000));
record('retry_failed_150k', await runRetryFailed(150_000));
record('whatsapp_rate_80_per_s_60s', await runWhatsAppRate({ seconds: 60, rate: 80 }));
record('renderer_perf', await runRendererPerf({ log: () => undefined }));

writeFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results.json');
