/**
 * Engine throughput: a zero-latency test-mode broadcast to N recipients, every
 * outcome committed with synchronous=FULL, every send appended to the outbox in its
 * own commit. Measured from Start to completed, planning included; the send phase
 * alone is reported too.
 */
import { getTaskById } from '../main/store/tasks-repo.ts';
import { TaskService } from '../main/services/task-service.ts';
import { seedBusiness } from '../tests/helpers/seed.ts';
import { benchEnv, benchSupervisor, rssMb, round, until } from './lib.ts';

export interface ThroughputResult {
  recipients: number;
  seconds_total: number;
  seconds_send: number;
  items_per_s: number;
  send_items_per_s: number;
  worker_peak_rss_mb: number;
  worker_rss_mb_at: Record<string, number>;
}

export async function runEngineThroughput(recipients = 100_000): Promise<ThroughputResult> {
  const env = benchEnv('throughput');
  const supervisor = benchSupervisor(env);
  try {
    const businessId = seedBusiness(env.db, 'Bench', recipients);
    supervisor.start();
    const began = performance.now();
    const task = new TaskService({ db: env.db, supervisor }).start(businessId, 'broadcast', {
      template: 'Hi {{name}}, your order from {{city}} is ready',
      recipients: { type: 'all' },
      provider: { type: 'test-mode', options: { latencyMs: 0 } },
      rate: 100_000,
      concurrency: 8,
      });
    let sendStarted = 0;
    let peak = 0;
    const at: Record<string, number> = {};
    const sampler = setInterval(() => {
      const row = getTaskById(env.db, task.id);
      const pid = Number(row?.lease_owner?.split(':')[1]);
      if (!row || !pid) return;
      if (!sendStarted && row.phase === 'send') sendStarted = performance.now();
      const rss = rssMb(pid);
      peak = Math.max(peak, rss);
      const pct = Math.floor((row.processed / Math.max(1, row.total)) * 10) * 10;
      if (row.phase === 'send' && !(`${pct}%` in at)) at[`${pct}%`] = round(rss);
    }, 20);
    await until(() => getTaskById(env.db, task.id)?.status === 'completed', 600_000, 5);
    const ended = performance.now();
    clearInterval(sampler);
    const row = getTaskById(env.db, task.id)!;
    if (row.succeeded !== recipients) throw new Error(`expected ${recipients} sent, got ${row.succeeded}`);
    const total = (ended - began) / 1000;
    const send = (ended - (sendStarted || began)) / 1000;
    return {
      recipients,
      seconds_total: round(total, 2),
      seconds_send: round(send, 2),
      items_per_s: Math.round(recipients / total),
      send_items_per_s: Math.round(recipients / send),
      worker_peak_rss_mb: round(peak),
      worker_rss_mb_at: at,
    };
  } finally {
    await supervisor.shutdown(1000);
    env.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runEngineThroughput(Number(process.argv[2] ?? 100_000))));
}
