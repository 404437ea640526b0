/**
 * WhatsApp send rate: a template broadcast through the real engine (Supervisor, a
 * child-process worker, WhatsAppProvider with its RateController) against the fake
 * Graph API on 127.0.0.1 with a seeded 30–120 ms latency per request. The account and
 * the broadcast are both set to the rate (80/s by default).
 *
 * Measured from the fake server's accepted log (a message's `at` is when its request
 * arrived): the sustained rate over the steady window (first accepted message + 2 s up
 * to + `seconds`), messages/s per 5-second bucket of that window, and the deviation from
 * the configured rate. The worker's CPU comes from /proc/<pid>/stat (utime + stime) at
 * the start and the end of the steady window, as a % of one core; its peak RSS from
 * /proc/<pid>/status (VmHWM, and the highest VmRSS sampled every 100 ms). At the end of
 * the window the task is cancelled, so the recipients only need to outnumber the window.
 *
 *   ./node_modules/.bin/node bench/whatsapp-rate.ts [seconds=60] [rate=80] [concurrency] [minMs=30] [maxMs=120]
 *
 * (0 or nothing for concurrency: the broadcast's default, as the composer sends it.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Supervisor } from '../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../main/engine/worker-host.ts';
import { FileKeyBox } from '../main/secrets/file-key-box.ts';
import { AccountService } from '../main/services/account-service.ts';
import { TaskService } from '../main/services/task-service.ts';
import { getTaskById } from '../main/store/tasks-repo.ts';
import { FakeGraphApi } from '../tests/fakes/graph-api-server.ts';
import { seedBusiness } from '../tests/helpers/seed.ts';
import { credentialSources } from '../main/services/credentials.ts';

const noGmail = () => {
  throw new Error('The WhatsApp bench uses no Gmail connection');
};
import { benchEnv, percentile, round, rssMb, until } from './lib.ts';

export interface WhatsAppRateOptions {
  /** Length of the measurement from the first accepted message (default 60). */
  seconds?: number;
  /** Broadcast rate and account rate, messages per second (default 80). */
  rate?: number;
  /** Requests in flight (the broadcast's `concurrency`); default: not set, so the product's default. */
  concurrency?: number;
  /** Per-request latency at the fake server, uniform in [minMs, maxMs] (default 30–120). */
  latency?: { minMs: number; maxMs: number };
  /** Seed of the latency draws (default 80). */
  seed?: number;
  /** Left out of the steady window (default 2). */
  warmupSeconds?: number;
  bucketSeconds?: number;
}

export interface WhatsAppRateResult {
  rate_configured: number;
  concurrency: number;
  latency_ms: { min: number; max: number; seeded: boolean; mean: number; p95: number };
  recipients: number;
  seconds: number;
  warmup_seconds: number;
  steady_seconds: number;
  steady_messages: number;
  /** Messages accepted per second over the steady window. */
  sustained_per_s: number;
  deviation_pct: number;
  within_5_pct: boolean;
  /** Full buckets of the steady window (a trailing partial bucket is left out). */
  bucket_seconds: number;
  buckets_per_s: number[];
  bucket_min_per_s: number;
  bucket_max_per_s: number;
  /** Fewest and most messages in a single second of the steady window. */
  one_second_min_max: [number, number];
  /** Most requests the server held at once (≤ concurrency). */
  server_in_flight_max: number;
  /** Non-200 answers of the fake during the run (none are injected). */
  server_errors: number;
  duplicates: number;
  worker_cpu_pct_of_core: number;
  worker_cpu_ms_per_message: number;
  worker_peak_rss_mb: number;
  worker_hwm_rss_mb: number;
  /** The bench process itself: the fake server and the supervisor. */
  bench_process_cpu_pct_of_core: number;
  loadavg_1m_at_start: number;
  task_at_cancel: { succeeded: number; failed: number; in_doubt: number; status: string };
}

const TOKEN = 'EAAGbenchTokenNotARealOne0123456789abcdef';

/** Small seeded PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

let clockTicks = 0;
function ticksPerSecond(): number {
  if (!clockTicks) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 });
    clockTicks = Number(out.stdout?.trim()) || 100;
  }
  return clockTicks;
}

/** utime + stime of a process in ms, from /proc/<pid>/stat (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of stat(5)
  return (ticks * 1000) / ticksPerSecond();
}

function hwmMb(pid: number): number {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The fake draws its latency from Math.random; for repeatable runs the bench replaces the
 * instance's delay with a seeded one (and counts requests in flight). If the fake's shape
 * changes, the run goes on with the fake's own unseeded latency and says so.
 */
function seedLatency(api: FakeGraphApi, latency: { minMs: number; maxMs: number }, seed: number) {
  const random = mulberry32(seed);
  const drawn: number[] = [];
  const stats = { inFlight: 0, maxInFlight: 0, drawn, seeded: false };
  const target = api as unknown as { delay?: unknown };
  api.setLatency(latency);
  if (typeof target.delay !== 'function') return stats;
  stats.seeded = true;
  target.delay = () => {
    const ms = latency.minMs + random() * (latency.maxMs - latency.minMs);
    if (drawn.length < 1_000_000) drawn.push(ms);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        stats.inFlight--;
        resolve();
      }, ms),
    );
  };
  return stats;
}

export async function runWhatsAppRate(options: WhatsAppRateOptions = {}): Promise<WhatsAppRateResult> {
  const seconds = options.seconds ?? 60;
  const rate = options.rate ?? 80;
  const latency = options.latency ?? { minMs: 30, maxMs: 120 };
  const warmup = options.warmupSeconds ?? 2;
  const bucketSeconds = options.bucketSeconds ?? 5;
  // Enough for the whole window even 10 % above the rate; the task is cancelled at the end.
  const recipients = Math.ceil(rate * seconds * 1.1) + 200;

  const env = benchEnv('whatsapp-rate');
  const api = await FakeGraphApi.start({ token: TOKEN, seed: options.seed ?? 80 });
  const server = seedLatency(api, latency, options.seed ?? 80);
  const accounts = new AccountService({ db: env.db, box: new FileKeyBox(join(env.dir, 'secret.key'), undefined) });
  const supervisor = new Supervisor({
    db: env.db,
    dbPath: env.dbPath,
    host: new ChildProcessWorkerHost({ inheritOutput: false }),
    tickMs: 20,
    heartbeatMs: 500,
    credentials: credentialSources(() => accounts, noGmail),
  });
  let sampler: NodeJS.Timeout | undefined;
  try {
    const businessId = seedBusiness(env.db, 'Bench', recipients);
    const account = await accounts.add(businessId, {
      label: 'Bench number',
      phoneNumberId: api.phoneNumberId,
      wabaId: api.wabaId,
      token: TOKEN,
      baseUrl: api.baseUrl,
      ratePerSecond: rate,
    });
    supervisor.start();
    const tasks = new TaskService({ db: env.db, supervisor });
    const loadAtStart = loadavg()[0] ?? 0;
    const task = tasks.start(businessId, 'broadcast', {
      recipients: { type: 'all' },
      provider: {
        type: 'whatsapp',
        accountId: account.id,
        template: { name: 'order_ready', language: 'en_US', params: [{ field: 'name' }, { field: 'city' }] },
      },
      rate,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      });
    const concurrency = (JSON.parse(getTaskById(env.db, task.id)!.params) as { concurrency: number }).concurrency;

    await until(() => api.accepted.length > 0, 120_000, 2);
    const t0 = api.accepted[0]!.at;
    const pid = Number(getTaskById(env.db, task.id)?.lease_owner?.split(':')[1]);
    if (!pid) throw new Error('no worker holds the task');
    let peakRss = rssMb(pid);
    sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 100);

    // CPU of the worker and of this process over the steady window.
    await sleep(t0 + warmup * 1000 - Date.now());
    const start = { wall: Date.now(), worker: cpuMs(pid), self: process.cpuUsage() };
    await sleep(t0 + seconds * 1000 - Date.now());
    const end = { wall: Date.now(), worker: cpuMs(pid), self: process.cpuUsage(start.self) };
    const hwm = hwmMb(pid);
    clearInterval(sampler);
    sampler = undefined;

    const atCancel = getTaskById(env.db, task.id)!;
    await tasks.cancel(businessId, task.id);
    await until(() => getTaskById(env.db, task.id)?.status === 'cancelled', 60_000, 10);
    await until(() => !supervisor.isRunningLocally(task.id), 60_000, 10);

    // Rates from the server's log.
    const from = t0 + warmup * 1000;
    const to = t0 + seconds * 1000;
    const steady = api.accepted.filter((m) => m.at >= from && m.at < to);
    const steadySeconds = seconds - warmup;
    const sustained = steady.length / steadySeconds;
    const fullBuckets = Math.floor(steadySeconds / bucketSeconds);
    const counts = new Array<number>(fullBuckets).fill(0);
    for (const m of steady) {
      const b = Math.floor((m.at - from) / (bucketSeconds * 1000));
      if (b < fullBuckets) counts[b]! += 1;
    }
    const buckets = counts.map((n) => round(n / bucketSeconds, 1));
    const perSecond = new Array<number>(Math.floor(steadySeconds)).fill(0);
    for (const m of steady) {
      const s = Math.floor((m.at - from) / 1000);
      if (s < perSecond.length) perSecond[s]! += 1;
    }
    const deviation = ((sustained - rate) / rate) * 100;
    const wallMs = end.wall - start.wall;
    const workerCpu = end.worker - start.worker;
    const selfCpu = (end.self.user + end.self.system) / 1000;
    const drawn = server.drawn;

    return {
      rate_configured: rate,
      concurrency,
      latency_ms: {
        min: latency.minMs,
        max: latency.maxMs,
        seeded: server.seeded,
        mean: drawn.length ? round(drawn.reduce((a, b) => a + b, 0) / drawn.length) : 0,
        p95: round(percentile(drawn, 95)),
      },
      recipients,
      seconds,
      warmup_seconds: warmup,
      steady_seconds: steadySeconds,
      steady_messages: steady.length,
      sustained_per_s: round(sustained, 2),
      deviation_pct: round(deviation, 2),
      within_5_pct: Math.abs(deviation) <= 5,
      bucket_seconds: bucketSeconds,
      buckets_per_s: buckets,
      bucket_min_per_s: buckets.length ? Math.min(...buckets) : 0,
      bucket_max_per_s: buckets.length ? Math.max(...buckets) : 0,
      one_second_min_max: perSecond.length ? [Math.min(...perSecond), Math.max(...perSecond)] : [0, 0],
      server_in_flight_max: server.maxInFlight,
      server_errors: api.requests.filter((r) => r.status !== 200).length,
      duplicates: api.duplicates().length,
      worker_cpu_pct_of_core: round((workerCpu / wallMs) * 100, 1),
      worker_cpu_ms_per_message: steady.length ? round(workerCpu / steady.length, 3) : 0,
      worker_peak_rss_mb: round(peakRss),
      worker_hwm_rss_mb: round(hwm),
      bench_process_cpu_pct_of_core: round((selfCpu / wallMs) * 100, 1),
      loadavg_1m_at_start: round(loadAtStart, 2),
      task_at_cancel: { succeeded: atCancel.succeeded, failed: atCancel.failed, in_doubt: atCancel.in_doubt, status: atCancel.status },
    };
  } finally {
    if (sampler) clearInterval(sampler);
    await supervisor.shutdown(2000);
    await api.stop();
    env.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [seconds, rate, concurrency, minMs, maxMs] = process.argv.slice(2).map(Number);
  console.log(
    JSON.stringify(
      await runWhatsAppRate({
        ...(seconds ? { seconds } : {}),
        ...(rate ? { rate } : {}),
        ...(concurrency ? { concurrency } : {}),
        ...(minMs !== undefined && maxMs !== undefined ? { latency: { minMs, maxMs } } : {}),
      }),
    ),
  );
}
