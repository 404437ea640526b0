/**
 * Chaos harness: a test-mode broadcast run by the CLI engine while workers and the
 * supervisor are SIGKILLed at random moments, restarted each time, until the task
 * finishes. Prints one JSON line last:
 * {recipients, kills, sent_unique, duplicates, lost, in_doubt, completed, integrity_ok, ...}
 *
 *   npm run chaos -- --recipients 5000 --kills 30 [--json] [--seed 1]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { getTaskById } from '../../main/store/tasks-repo.ts';
import { TaskService } from '../../main/services/task-service.ts';
import { ownerIsAlive } from '../../main/worker/lease.ts';
import { seedBusiness } from '../helpers/seed.ts';

const CLI = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));

export interface ChaosOptions {
  recipients: number;
  kills: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  recipients: number;
  kills: number;
  worker_kills: number;
  supervisor_kills: number;
  sent_unique: number;
  duplicates: number;
  lost: number;
  in_doubt: number;
  completed: boolean;
  integrity_ok: boolean;
  /** After the owner's "check with provider": every recipient sent exactly once? */
  settled_sent_unique: number;
  settled_duplicates: number;
  seconds: number;
}

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startSupervisor(dbPath: string): ChildProcess {
  return spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'run', '--db', dbPath, '--json', '--lease-ms', '2000'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: false,
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The pid of the worker holding the task's lease, if that process is really alive. */
function workerPid(db: Db, taskId: number): number | null {
  const owner = getTaskById(db, taskId)?.lease_owner;
  if (!owner || !ownerIsAlive(owner)) return null;
  const pid = Number(owner.split(':')[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function killPid(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

function measure(db: Db, taskId: number, recipients: number) {
  const row = getTaskById(db, taskId)!;
  const states = countItemsByState(db, taskId);
  const perItem = db.prepare('SELECT item_id, count(*) AS n FROM outbox WHERE task_id = ? GROUP BY item_id').all(taskId) as {
    item_id: number;
    n: number;
  }[];
  const sends = new Map(perItem.map((r) => [r.item_id, r.n]));
  const duplicates = perItem.reduce((sum, r) => sum + (r.n - 1), 0);
  const itemsOf = (state: string) =>
    (db.prepare('SELECT id FROM task_items WHERE task_id = ? AND state = ?').all(taskId, state) as { id: number }[]).map((r) => r.id);
  const totalItems = Object.values(states).reduce((a, b) => a + b, 0);
  const countersOk =
    row.total === totalItems &&
    row.succeeded === states.done &&
    row.failed === states.failed &&
    row.skipped === states.skipped &&
    row.cancelled === states.cancelled &&
    row.in_doubt === states.in_doubt &&
    row.processed === states.done + states.failed + states.skipped + states.cancelled + states.in_doubt;
  const doneOk = itemsOf('done').every((id) => sends.get(id) === 1);
  const unsentOk = ['pending', 'failed', 'skipped', 'cancelled'].every((s) => itemsOf(s).every((id) => !sends.has(id)));
  const inDoubtOk = itemsOf('in_doubt').every((id) => (sends.get(id) ?? 0) <= 1);
  return {
    row,
    sentUnique: sends.size,
    duplicates,
    lost: recipients - totalItems + states.pending + states.claimed,
    integrityOk: countersOk && doneOk && unsentOk && inDoubtOk && duplicates === 0,
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const began = performance.now();
  const rand = random(options.seed);
  const dir = mkdtempSync(join(tmpdir(), 'taskdeck-chaos-'));
  const dbPath = join(dir, 'chaos.db');
  const db = openDatabase(dbPath, { migrate: true });
  try {
    const businessId = seedBusiness(db, 'Chaos shop', options.recipients);
    // Paced so the run lasts long enough for every kill to land mid-work, even on a loaded
    // machine where each restart takes a second (at 0.35 s of sending per kill, 5 of 30
    // kills found the broadcast already finished).
    const rate = Math.max(50, Math.round(options.recipients / Math.max(1, options.kills * 1.2)));
    const snapshot = new TaskService({ db }).start(businessId, 'broadcast', {
      template: 'Hello {{name}}, your order is ready',
      recipients: { type: 'all' },
      provider: { type: 'test-mode', options: { latencyMs: 2 } },
      rate,
      concurrency: 4,
      });
    const taskId = snapshot.id;
    let supervisor = startSupervisor(dbPath);
    let kills = 0;
    let workerKills = 0;
    let supervisorKills = 0;
    while (kills < options.kills) {
      // Each kill lands mid-work: after the restarted engine has made progress again.
      const before = getTaskById(db, taskId)!.processed;
      const deadline = Date.now() + 20_000;
      while (getTaskById(db, taskId)!.processed === before && Date.now() < deadline) await sleep(10);
      await sleep(rand() * 300);
      const status = getTaskById(db, taskId)!.status;
      if (status === 'completed' || status === 'failed' || status === 'cancelled') break;
      const roll = rand();
      if (roll < 0.5) {
        const pid = workerPid(db, taskId);
        if (pid === null || !killPid(pid)) continue;
        workerKills++;
        log(`kill ${kills + 1}: worker ${pid}`);
      } else {
        // The app dies: the supervisor, and in half the cases its worker with it.
        killPid(supervisor.pid!);
        await waitExit(supervisor);
        supervisorKills++;
        if (roll > 0.75) {
          const pid = workerPid(db, taskId);
          if (pid !== null && killPid(pid)) workerKills++;
        }
        log(`kill ${kills + 1}: supervisor`);
        supervisor = startSupervisor(dbPath);
      }
      kills++;
    }
    // Let it finish; `run` exits by itself once no task is active.
    await waitExit(supervisor);
    if (getTaskById(db, taskId)!.status !== 'completed') {
      supervisor = startSupervisor(dbPath);
      await waitExit(supervisor);
    }
    const first = measure(db, taskId, options.recipients);

    // The owner's decision on in-doubt items: ask test mode's outbox, resend the rest.
    if (first.row.in_doubt > 0) {
      new TaskService({ db }).settleInDoubt(businessId, taskId, 'ask-provider');
      await waitExit(startSupervisor(dbPath));
    }
    const settled = measure(db, taskId, options.recipients);
    return {
      recipients: options.recipients,
      kills,
      worker_kills: workerKills,
      supervisor_kills: supervisorKills,
      sent_unique: first.sentUnique,
      duplicates: first.duplicates,
      lost: first.lost,
      in_doubt: first.row.in_doubt,
      completed: first.row.status === 'completed',
      integrity_ok: first.integrityOk && settled.integrityOk,
      settled_sent_unique: settled.sentUnique,
      settled_duplicates: settled.duplicates,
      seconds: Math.round((performance.now() - began) / 100) / 10,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      recipients: { type: 'string', default: '5000' },
      kills: { type: 'string', default: '30' },
      seed: { type: 'string', default: String(Date.now() % 100000) },
      json: { type: 'boolean', default: false },
    },
  });
  const report = await runChaos({
    recipients: Number(values.recipients),
    kills: Number(values.kills),
    seed: Number(values.seed),
    log: values.json ? undefined : (line) => console.log(line),
  });
  console.log(JSON.stringify(report));
  const ok = report.duplicates === 0 && report.lost === 0 && report.completed && report.integrity_ok;
  process.exitCode = ok ? 0 : 1;
}
