/** Opens the database the CLI works on and, when needed, a supervisor with child-process workers. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openDatabase, type Db } from '../store/db.ts';
import { getSettings } from '../store/settings-repo.ts';
import { Supervisor, type SupervisorOptions } from '../engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../engine/worker-host.ts';

export function defaultDbPath(): string {
  return process.env.TASKDECK_DB ?? join(homedir(), '.taskdeck', 'taskdeck.db');
}

export function openCliDatabase(path: string | undefined): { db: Db; dbPath: string } {
  const dbPath = resolve(path ?? defaultDbPath());
  mkdirSync(dirname(dbPath), { recursive: true });
  return { db: openDatabase(dbPath, { migrate: true }), dbPath };
}

export function cliSupervisor(db: Db, dbPath: string, extra: Partial<SupervisorOptions> = {}): Supervisor {
  return new Supervisor({
    db,
    dbPath,
    host: new ChildProcessWorkerHost(),
    workerLimit: () => getSettings(db).workerLimit,
    ...extra,
  });
}
