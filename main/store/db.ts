/**
 * Opens the SQLite file with the pragmas every connection needs.
 *
 * Durability: WAL with synchronous=FULL on the engine's connections. In WAL mode,
 * FULL fsyncs the log at every commit, so an outcome the window has shown survives a
 * power cut, not only a crash. The engine batches many outcomes into one commit, so
 * the fsync cost is paid per batch, not per message (see docs/ARCHITECTURE.md).
 */
import Database from 'better-sqlite3';
import { runMigrations } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Run pending migrations (main and CLI do; workers only check the version). */
  migrate?: boolean;
  /** FULL for the engine; OFF for test mode's simulated remote side (see test-mode.ts). */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  readonly?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // Keep the WAL from growing without bound during a 200k-row broadcast.
  db.pragma('wal_autocheckpoint = 2000');
  if (options.migrate) runMigrations(db);
  return db;
}

export function now(): number {
  return Date.now();
}
