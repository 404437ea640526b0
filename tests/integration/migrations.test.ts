/**
 * A database made by the first schema, with data in it, upgrades at start-up with
 * nothing lost; a database from a newer build is refused with a clear message.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/db.ts';
import { runMigrations, SCHEMA_VERSION, schemaVersion } from '../../main/store/migrations/index.ts';
import { listBusinesses } from '../../main/store/businesses-repo.ts';
import { listTasks } from '../../main/store/tasks-repo.ts';
import { storedWords } from '../../main/store/words.ts';
import { verbatim } from '../../common/messages.ts';
import { pageContacts } from '../../main/store/contacts-repo.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('upgrades a version-1 database with data in it', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig-'));
    const path = join(dir, 'old.db');
    const old = new Database(path);
    runMigrations(old, 1);
    expect(schemaVersion(old)).toBe(1);
    old.prepare("INSERT INTO businesses (id, name, created_at) VALUES (1, 'Falafel Haifa', 1)").run();
    old.prepare(
      "INSERT INTO contacts (business_id, phone, name, fields, created_at, updated_at) VALUES (1, '+972501234567', 'Dana', '{\"city\":\"Haifa\"}', 1, 1)",
    ).run();
    old.prepare(
      "INSERT INTO tasks (id, business_id, kind, title, status, params, total, processed, succeeded, created_at, updated_at) VALUES (7, 1, 'broadcast', 'Old one', 'completed', '{}', 1, 1, 1, 1, 1)",
    ).run();
    old.prepare(
      "INSERT INTO task_items (task_id, business_id, seq, phone, dedupe_key, state, updated_at) VALUES (7, 1, 1, '+972501234567', '+972501234567', 'done', 1)",
    ).run();
    old.close();

    const db = openDatabase(path, { migrate: true });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const [business] = listBusinesses(db);
    expect(business).toMatchObject({ id: 1, name: 'Falafel Haifa', defaultCountry: 'IL' });
    expect(pageContacts(db, 1, {}, 0, 10).rows[0]).toMatchObject({ phone: '+972501234567', name: 'Dana', fields: { city: 'Haifa' } });
    const [task] = listTasks(db, 1);
    expect(task).toMatchObject({ id: 7, succeeded: 1, dismissed_at: null });
    // Migration 008 keeps the title as the owner's own words, never translated.
    expect(storedWords(task!.title)).toEqual(verbatim('Old one'));
    expect(db.prepare('SELECT count(*) AS n FROM task_items WHERE task_id = 7').get()).toEqual({ n: 1 });
    db.close();
  });

  it('each migration runs in one transaction: a failing one leaves the previous version intact', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig-'));
    const db = new Database(join(dir, 'x.db'));
    runMigrations(db, 1);
    // Simulate a half-applied upgrade by making migration 2's ALTER fail.
    db.exec('ALTER TABLE tasks ADD COLUMN dismissed_at INTEGER');
    expect(() => runMigrations(db)).toThrow(/duplicate column/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('businesses') WHERE name = 'default_country'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('migration 7 (item not-before) upgrades a version-6 database: items keep their state and stay claimable', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig7-'));
    const path = join(dir, 'v6.db');
    const old = new Database(path);
    runMigrations(old, 6);
    expect(schemaVersion(old)).toBe(6);
    old.exec(`
      INSERT INTO businesses (id, name, created_at) VALUES (1, 'Falafel Haifa', 1);
      INSERT INTO tasks (id, business_id, kind, title, status, params, total, processed, succeeded, failed, created_at, updated_at)
        VALUES (7, 1, 'broadcast', 'Half done', 'paused', '{}', 3, 2, 1, 1, 1, 1);
      INSERT INTO task_items (task_id, business_id, seq, phone, dedupe_key, state, reason, updated_at) VALUES
        (7, 1, 1, '+972501234567', '+972501234567', 'done', NULL, 1),
        (7, 1, 2, '+972501234568', '+972501234568', 'failed', 'Not on WhatsApp', 1),
        (7, 1, 3, '+972501234569', '+972501234569', 'pending', NULL, 1);
    `);
    // Migration 7 alone: later ones rewrite reasons (008) and item columns (009).
    runMigrations(old, 7);
    expect(old.prepare('SELECT seq, state, reason, not_before FROM task_items WHERE task_id = 7 ORDER BY seq').all()).toEqual([
      { seq: 1, state: 'done', reason: null, not_before: null },
      { seq: 2, state: 'failed', reason: 'Not on WhatsApp', not_before: null },
      { seq: 3, state: 'pending', reason: null, not_before: null },
    ]);
    old.close();

    const db = openDatabase(path, { migrate: true });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(7);
    // The claim's condition: an old pending item (no time) may be claimed at once.
    const claimable = db
      .prepare("SELECT seq FROM task_items WHERE task_id = 7 AND state = 'pending' AND (not_before IS NULL OR not_before <= ?)")
      .all(Date.now());
    expect(claimable).toEqual([{ seq: 3 }]);
    expect(listTasks(db, 1)[0]).toMatchObject({ id: 7, status: 'paused', total: 3, processed: 2 });
    db.close();
  });

  it('refuses a database written by a newer build', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig-'));
    const path = join(dir, 'new.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path, { migrate: true })).toThrow(/newer Taskdeck/);
  });
});
