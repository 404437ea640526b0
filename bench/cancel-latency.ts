/**
 * Cancel latency: the time from the cancel request to the worker acknowledging that
 * no new side effect will start, over many broadcasts cancelled at random moments
 * mid-send. Also: request → task row `cancelled` (the rest of the items written).
 */
import { getTaskById } from '../main/store/tasks-repo.ts';
import { TaskService } from '../main/services/task-service.ts';
import { seedBusiness } from '../tests/helpers/seed.ts';
import { benchEnv, benchSupervisor, percentile, round, until } from './lib.ts';

export interface CancelLatencyResult {
  trials: number;
  ack_ms_p50: number;
  ack_ms_p95: number;
  ack_ms_max: number;
  cancelled_ms_p50: number;
  cancelled_ms_p95: number;
}

export async function runCancelLatency(trials = 30, recipients = 20_000): Promise<CancelLatencyResult> {
  const env = benchEnv('cancel');
  const supervisor = benchSupervisor(env);
  const acks: number[] = [];
  const finals: number[] = [];
  try {
    const businessId = seedBusiness(env.db, 'Bench', recipients);
    supervisor.start();
    const tasks = new TaskService({ db: env.db, supervisor });
    for (let i = 0; i < trials; i++) {
      const task = tasks.start(businessId, 'broadcast', {
        template: 'Hi {{name}}',
        recipients: { type: 'all' },
        provider: { type: 'test-mode', options: { latencyMs: 2 } },
        rate: 5000,
        concurrency: 8,
        });
      await until(() => (getTaskById(env.db, task.id)?.succeeded ?? 0) > 0);
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 200));
      const requested = performance.now();
      // The fast path (a message to the worker), then the durable flag, as the window's cancel does.
      const ack = supervisor.control(task.id, 'cancel');
      env.db.prepare('UPDATE tasks SET cancel_requested = 1, version = version + 1 WHERE id = ?').run(task.id);
      const ackedAt = await ack;
      if (ackedAt === null) throw new Error('no acknowledgement');
      acks.push(ackedAt - requested);
      await until(() => getTaskById(env.db, task.id)?.status === 'cancelled', 60_000, 1);
      finals.push(performance.now() - requested);
      await until(() => !supervisor.isRunningLocally(task.id), 60_000, 1);
    }
    return {
      trials,
      ack_ms_p50: round(percentile(acks, 50), 2),
      ack_ms_p95: round(percentile(acks, 95), 2),
      ack_ms_max: round(Math.max(...acks), 2),
      cancelled_ms_p50: round(percentile(finals, 50), 1),
      cancelled_ms_p95: round(percentile(finals, 95), 1),
    };
  } finally {
    await supervisor.shutdown(1000);
    env.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runCancelLatency(Number(process.argv[2] ?? 30))));
}
