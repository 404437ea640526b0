/**
 * Reads the app's SQLite file directly (better-sqlite3, WAL: reading beside the
 * running app is safe), for assertions the UI must agree with.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatMessage } from '../../../common/messages.ts';
import { openDatabase } from '../../../main/store/db.ts';
import { storedWords } from '../../../main/store/words.ts';
import { seedBusiness } from '../../helpers/seed.ts';

export interface TaskRecord {
  id: number;
  business_id: number;
  title: string;
  status: string;
  wait_reason: string | null;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  skipped: number;
  in_doubt: number;
  lease_owner: string | null;
}

export interface OutboxSummary {
  rows: number;
  distinctItems: number;
  /** item ids sent more than once (must stay empty: "never twice"). */
  duplicates: number[];
}

function withDb<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

/** A task row with its stored title (a Message as JSON) read back as English text. */
function readable(row: TaskRecord | undefined): TaskRecord | undefined {
  return row && { ...row, title: formatMessage(storedWords(row.title)) };
}

export function taskByTitle(dbPath: string, title: string): TaskRecord {
  const rows = withDb(dbPath, (db) => db.prepare('SELECT * FROM tasks ORDER BY id DESC').all() as TaskRecord[]);
  const row = rows.map(readable).find((r) => r?.title === title);
  if (!row) throw new Error(`No task titled "${title}" in ${dbPath}`);
  return row;
}

export function latestTask(dbPath: string, kind: 'broadcast' | 'contacts-import'): TaskRecord {
  const row = readable(withDb(dbPath, (db) => db.prepare('SELECT * FROM tasks WHERE kind = ? ORDER BY id DESC LIMIT 1').get(kind) as TaskRecord | undefined));
  if (!row) throw new Error(`No ${kind} task in ${dbPath}`);
  return row;
}

export function task(dbPath: string, id: number): TaskRecord {
  const row = readable(withDb(dbPath, (db) => db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRecord | undefined));
  if (!row) throw new Error(`No task ${id} in ${dbPath}`);
  return row;
}

export function itemStates(dbPath: string, taskId: number): Record<string, number> {
  return withDb(dbPath, (db) => {
    const rows = db.prepare('SELECT state, count(*) AS n FROM task_items WHERE task_id = ? GROUP BY state').all(taskId) as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  });
}

export function outbox(dbPath: string, taskId: number): OutboxSummary {
  return withDb(dbPath, (db) => {
    const rows = (db.prepare('SELECT count(*) AS n FROM outbox WHERE task_id = ?').get(taskId) as { n: number }).n;
    const dup = db
      .prepare('SELECT item_id FROM outbox WHERE task_id = ? GROUP BY item_id HAVING count(*) > 1')
      .all(taskId) as { item_id: number }[];
    const distinct = (db.prepare('SELECT count(DISTINCT item_id) AS n FROM outbox WHERE task_id = ?').get(taskId) as { n: number }).n;
    return { rows, distinctItems: distinct, duplicates: dup.map((d) => d.item_id) };
  });
}

/** Items that are done but have no outbox row, or have an outbox row but are not done. */
export function outboxMismatches(dbPath: string, taskId: number): { doneNotSent: number; sentNotDone: number } {
  return withDb(dbPath, (db) => ({
    doneNotSent: (
      db
        .prepare("SELECT count(*) AS n FROM task_items i WHERE i.task_id = ? AND i.state = 'done' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = i.task_id AND o.item_id = i.id)")
        .get(taskId) as { n: number }
    ).n,
    sentNotDone: (
      db
        .prepare("SELECT count(*) AS n FROM task_items i WHERE i.task_id = ? AND i.state <> 'done' AND EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = i.task_id AND o.item_id = i.id)")
        .get(taskId) as { n: number }
    ).n,
  }));
}

export function contactCount(dbPath: string, businessId: number): number {
  return withDb(dbPath, (db) => (db.prepare('SELECT count(*) AS n FROM contacts WHERE business_id = ?').get(businessId) as { n: number }).n);
}

export function importErrorCount(dbPath: string, taskId: number): number {
  return withDb(dbPath, (db) => (db.prepare('SELECT count(*) AS n FROM import_errors WHERE task_id = ?').get(taskId) as { n: number }).n);
}

/** A stored setting's raw JSON text, or undefined when never set. */
export function settingsValue(dbPath: string, key: string): string | undefined {
  return withDb(dbPath, (db) => (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value);
}

/** A database as the app would make it, with a business and `contacts` contacts (tests/helpers/seed.ts). */
export function seedDatabase(dbPath: string, businessName: string, contacts: number): number {
  mkdirSync(dirname(dbPath), { recursive: true });
  const db = openDatabase(dbPath, { migrate: true });
  try {
    return seedBusiness(db, businessName, contacts);
  } finally {
    db.close();
  }
}
