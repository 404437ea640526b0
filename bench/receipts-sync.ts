/**
 * Gmail receipt sync throughput through the real engine (Supervisor + worker process)
 * against the fake Gmail API on 127.0.0.1: N messages with one PDF each, with zero
 * latency and with 50 ms per request. Reports messages/s and the most requests the
 * server saw in flight (several lanes keep it busy within Gmail's per-user quota).
 */
import { FakeGmailApi } from '../tests/fakes/gmail-api-server.ts';
import { connectToFake, gmailServiceFor } from '../tests/helpers/gmail.ts';
import { seedBusiness } from '../tests/helpers/seed.ts';
import { TaskService } from '../main/services/task-service.ts';
import { Supervisor } from '../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../main/engine/worker-host.ts';
import { getTaskById } from '../main/store/tasks-repo.ts';
import { credentialSources } from '../main/services/credentials.ts';
import { benchEnv, round, until } from './lib.ts';

const noAccounts = () => {
  throw new Error('The sync bench uses no WhatsApp account');
};

export interface ReceiptsSyncResult {
  messages: number;
  latency_ms: number;
  seconds: number;
  messages_per_s: number;
  server_max_in_flight: number;
}

export async function runReceiptsSync(messages = 1000, latencyMs = 0): Promise<ReceiptsSyncResult> {
  const env = benchEnv('receipts-sync');
  const api = await FakeGmailApi.start();
  try {
    api.addMessages(messages, { withAttachments: true, attachmentSize: { min: 4000, max: 12000 } });
    if (latencyMs) api.setLatency(latencyMs);
    const businessId = seedBusiness(env.db, 'Bench', 0);
    const gmail = gmailServiceFor(env, api);
    await connectToFake(gmail, businessId, api);
    const supervisor = new Supervisor({
      db: env.db,
      dbPath: env.dbPath,
      host: new ChildProcessWorkerHost(),
      tickMs: 20,
      credentials: credentialSources(noAccounts, () => gmail),
    });
    supervisor.start();
    api.resetLog();
    const began = performance.now();
    const task = new TaskService({ db: env.db, supervisor }).start(businessId, 'receipts-sync', { query: 'has:attachment', ratePerSecond: 500 });
    await until(() => ['completed', 'failed'].includes(getTaskById(env.db, task.id)!.status), 600_000, 10);
    const seconds = (performance.now() - began) / 1000;
    await supervisor.shutdown(1000);
    const row = getTaskById(env.db, task.id)!;
    if (row.status !== 'completed') throw new Error(`sync ${row.status}: ${row.last_error}`);
    return {
      messages,
      latency_ms: latencyMs,
      seconds: round(seconds, 2),
      messages_per_s: Math.round(messages / seconds),
      server_max_in_flight: api.counts.maxInFlight,
    };
  } finally {
    await api.stop();
    env.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  console.log(JSON.stringify(await runReceiptsSync(n, 0)));
  console.log(JSON.stringify(await runReceiptsSync(n, 50)));
}
