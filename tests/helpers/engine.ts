/**
 * Test helpers for the engine: temp databases, seeded businesses, a supervisor with
 * real child-process workers, waiting, and the invariants every test checks.
 */
import { formatMessage, type Message } from '../../common/messages.ts';
import { storedWords } from '../../main/store/words.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ItemState } from '../../common/model.ts';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { getTaskById, type TaskRow } from '../../main/store/tasks-repo.ts';
import { countItemsByState } from '../../main/store/items-repo.ts';
import { Supervisor, type SupervisorOptions } from '../../main/engine/supervisor.ts';
import { ChildProcessWorkerHost } from '../../main/engine/worker-host.ts';
import { TaskService } from '../../main/services/task-service.ts';
import { AccountService } from '../../main/services/account-service.ts';
import { credentialSources } from '../../main/services/credentials.ts';
import type { GmailService } from '../../main/services/gmail-service.ts';
import type { CredentialSources } from '../../main/tasks/kind.ts';
import { FileKeyBox } from '../../main/secrets/file-key-box.ts';

export interface TestEnv {
  dir: string;
  dbPath: string;
  db: Db;
  cleanup(): void;
}

export function tempEnv(): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'taskdeck-test-'));
  const dbPath = join(dir, 'taskdeck.db');
  const db = openDatabase(dbPath, { migrate: true });
  return {
    dir,
    dbPath,
    db,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { seedBusiness } from './seed.ts';

export function supervisorFor(env: TestEnv, options: Partial<SupervisorOptions> = {}): Supervisor {
  return new Supervisor({
    db: env.db,
    dbPath: env.dbPath,
    host: new ChildProcessWorkerHost({ inheritOutput: false }),
    leaseMs: 3000,
    heartbeatMs: 250,
    tickMs: 50,
    ...options,
  });
}

export function services(env: TestEnv, supervisor?: Supervisor): TaskService {
  return new TaskService({ db: env.db, supervisor });
}

/** The credential sources a test's supervisor gives its kinds: these services', or a clear failure. */
export function credentialsOf(sources: { accounts?: AccountService; gmail?: GmailService }): CredentialSources {
  const missing = (what: string) => () => {
    throw new Error(`This test gave the supervisor no ${what}`);
  };
  return credentialSources(sources.accounts ? () => sources.accounts! : missing('AccountService'), sources.gmail ? () => sources.gmail! : missing('GmailService'));
}

export function accountsFor(env: TestEnv, onTokenReplaced?: () => void): AccountService {
  return new AccountService({ db: env.db, box: new FileKeyBox(join(env.dir, 'secret.key')), ...(onTokenReplaced ? { onTokenReplaced } : {}) });
}

export async function waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function task(env: TestEnv, id: number): TaskRow {
  const row = getTaskById(env.db, id);
  if (!row) throw new Error(`no task ${id}`);
  return row;
}

export async function waitForStatus(env: TestEnv, id: number, statuses: string[], timeoutMs = 60_000): Promise<TaskRow> {
  return waitFor(() => {
    const row = task(env, id);
    return statuses.includes(row.status) ? row : undefined;
  }, timeoutMs, `task ${id} to be ${statuses.join('|')} (is ${task(env, id).status})`);
}

export function outboxCount(env: TestEnv, taskId: number): number {
  return (env.db.prepare('SELECT count(*) AS n FROM outbox WHERE task_id = ?').get(taskId) as { n: number }).n;
}

/** item id → how many times the outbox saw it. */
export function sendsPerItem(env: TestEnv, taskId: number): Map<number, number> {
  const rows = env.db.prepare('SELECT item_id, count(*) AS n FROM outbox WHERE task_id = ? GROUP BY item_id').all(taskId) as {
    item_id: number;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.item_id, r.n]));
}

export function itemsInState(env: TestEnv, taskId: number, state: ItemState): number[] {
  return (env.db.prepare('SELECT id FROM task_items WHERE task_id = ? AND state = ?').all(taskId, state) as { id: number }[]).map((r) => r.id);
}

/**
 * Never twice, never lost: counters equal the item states, each done item was sent
 * exactly once, nothing else was sent at all, and an in-doubt item at most once.
 */
export function expectIntegrity(env: TestEnv, taskId: number): void {
  expectCountersMatchItems(env, taskId);
  expectOutboxMatchesItems(env, taskId);
}

/** Never lost: the task's counters equal the sum of its item states. */
export function expectCountersMatchItems(env: TestEnv, taskId: number): void {
  const row = task(env, taskId);
  const states = countItemsByState(env.db, taskId);
  const total = Object.values(states).reduce((a, b) => a + b, 0);
  expect({
    total: row.total,
    succeeded: row.succeeded,
    failed: row.failed,
    skipped: row.skipped,
    cancelled: row.cancelled,
    inDoubt: row.in_doubt,
    processed: row.processed,
  }).toEqual({
    total,
    succeeded: states.done,
    failed: states.failed,
    skipped: states.skipped,
    cancelled: states.cancelled,
    inDoubt: states.in_doubt,
    processed: states.done + states.failed + states.skipped + states.cancelled + states.in_doubt,
  });
}

/** Never twice: each done item in the outbox exactly once, nothing else in it at all. */
export function expectOutboxMatchesItems(env: TestEnv, taskId: number): void {
  const sends = sendsPerItem(env, taskId);
  const duplicates = [...sends.values()].filter((n) => n > 1).length;
  expect(duplicates).toBe(0);
  for (const id of itemsInState(env, taskId, 'done')) expect(sends.get(id), `done item ${id} sent once`).toBe(1);
  for (const state of ['pending', 'failed', 'skipped', 'cancelled'] as const) {
    for (const id of itemsInState(env, taskId, state)) expect(sends.get(id), `${state} item ${id} never sent`).toBeUndefined();
  }
}

/** A stored Message column (tasks.last_error, task_items.reason, …) as the CLI prints it: English. */
export function englishOf(stored: string | null | undefined): string | null {
  return stored === null || stored === undefined ? null : formatMessage(storedWords(stored));
}

/** A stored Message column as its Message. */
export function wordsIn(stored: string | null | undefined): Message | null {
  return stored === null || stored === undefined ? null : storedWords(stored);
}
