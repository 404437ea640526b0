/** Small helpers shared by the benches: temp databases, timing, RSS sampling. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../main/store/db.ts';
import { Supervisor } from '../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../main/engine/worker-host.ts';

export interface BenchEnv {
  dir: string;
  dbPath: string;
  db: Db;
  cleanup(): void;
}

export function benchEnv(name: string): BenchEnv {
  const dir = mkdtempSync(join(tmpdir(), `taskdeck-bench-${name}-`));
  const dbPath = join(dir, 'bench.db');
  const db = openDatabase(dbPath, { migrate: true });
  return { dir, dbPath, db, cleanup: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

export function benchSupervisor(env: BenchEnv): Supervisor {
  return new Supervisor({ db: env.db, dbPath: env.dbPath, host: new ChildProcessWorkerHost(), tickMs: 20, heartbeatMs: 500 });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function until(probe: () => boolean, timeoutMs = 600_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('bench timed out');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
