/**
 * Numbered migrations, run at start-up, each in its own transaction, recorded in
 * PRAGMA user_version. A database newer than this build is refused, not guessed at.
 */
import type Database from 'better-sqlite3';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-business-country-and-dismiss.ts';
import { migration003 } from './003-whatsapp-accounts.ts';
import { migration004 } from './004-receipts.ts';
import { migration005 } from './005-gmail-endpoints.ts';
import { migration006 } from './006-receipt-tombstones.ts';
import { migration007 } from './007-item-not-before.ts';
import { migration008 } from './008-owner-words-as-message-ids.ts';
import { migration009 } from './009-generic-items.ts';
import type { Migration } from './types.ts';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function runMigrations(db: Database.Database, upTo: number = SCHEMA_VERSION): number {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `This database was written by a newer Taskdeck (schema ${current}, this build knows ${SCHEMA_VERSION}). Update the app.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > upTo) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}
