/**
 * Migration 4 (receipts) on a database made by migration 3, with data in it: nothing
 * old is lost, and the new tables enforce what the receipts code relies on.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/db.ts';
import { runMigrations, SCHEMA_VERSION, schemaVersion } from '../../main/store/migrations/index.ts';
import { listTasks } from '../../main/store/tasks-repo.ts';
import { storedWords } from '../../main/store/words.ts';
import { verbatim } from '../../common/messages.ts';
import { pageContacts } from '../../main/store/contacts-repo.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SHA = 'ab'.repeat(32);

function version3Database(path: string): void {
  const old = new Database(path);
  runMigrations(old, 3);
  expect(schemaVersion(old)).toBe(3);
  old.exec(`
    INSERT INTO businesses (id, name, default_country, created_at) VALUES (1, 'Falafel Haifa', 'IL', 1), (2, 'London Books', 'GB', 1);
    INSERT INTO contacts (business_id, phone, name, fields, created_at, updated_at) VALUES (1, '+972501234567', 'Dana', '{"city":"Haifa"}', 1, 1);
    INSERT INTO tasks (id, business_id, kind, title, status, params, total, processed, succeeded, cursor, created_at, updated_at)
      VALUES (7, 1, 'broadcast', 'Old one', 'completed', '{}', 1, 1, 1, 1, 1, 1);
    INSERT INTO task_items (task_id, business_id, seq, phone, dedupe_key, state, updated_at) VALUES (7, 1, 1, '+972501234567', '+972501234567', 'done', 1);
    INSERT INTO whatsapp_accounts (business_id, label, phone_number_id, waba_id, token_cipher, token_box, created_at, updated_at)
      VALUES (1, 'Main', '123', '456', x'00ff', 'file-key', 1, 1);
  `);
  old.close();
}

describe('migration 4: receipts', () => {
  it('upgrades a version-3 database with data in it, losing nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig4-'));
    const path = join(dir, 'v3.db');
    version3Database(path);

    const db = openDatabase(path, { migrate: true });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect(pageContacts(db, 1, {}, 0, 10).rows[0]).toMatchObject({ phone: '+972501234567', name: 'Dana', fields: { city: 'Haifa' } });
    const [task] = listTasks(db, 1);
    expect(task).toMatchObject({ id: 7, succeeded: 1, cursor: 1 });
    expect(storedWords(task!.title)).toEqual(verbatim('Old one'));
    // The new string cursor exists and is empty for old tasks.
    expect(db.prepare('SELECT cursor_text FROM tasks WHERE id = 7').get()).toEqual({ cursor_text: null });
    expect(db.prepare('SELECT count(*) AS n FROM task_items WHERE task_id = 7').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT label, token_cipher FROM whatsapp_accounts').get()).toEqual({ label: 'Main', token_cipher: Buffer.from([0, 255]) });
    for (const table of ['receipts', 'receipt_attachments', 'gmail_connections']) {
      expect(db.prepare('SELECT count(*) AS n FROM sqlite_master WHERE type = ? AND name = ?').get('table', table)).toEqual({ n: 1 });
    }
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'receipt%'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(indexes).toEqual(expect.arrayContaining(['receipts_by_date', 'receipts_by_vendor', 'receipt_attachments_by_sha']));
    db.close();
  });

  it('enforces one receipt per Gmail message per business, scoped attachments, and cascades', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig4-'));
    const path = join(dir, 'v3.db');
    version3Database(path);
    const db = openDatabase(path, { migrate: true });
    const insertReceipt = db.prepare(
      `INSERT INTO receipts (business_id, source, gmail_message_id, subject, received_at, vendor, created_at, updated_at)
       VALUES (?, ?, ?, 'Invoice', 1000, ?, 1, 1)`,
    );
    const a = Number(insertReceipt.run(1, 'gmail', 'm1', 'Wolt').lastInsertRowid);
    // The same Gmail message in another business is another receipt; twice in one business is refused.
    insertReceipt.run(2, 'gmail', 'm1', 'Wolt');
    expect(() => insertReceipt.run(1, 'gmail', 'm1', 'Wolt')).toThrow(/UNIQUE/);
    // A Gmail receipt needs its message id; manual ones need none and may repeat.
    expect(() => insertReceipt.run(1, 'gmail', null, 'Wolt')).toThrow(/CHECK/);
    insertReceipt.run(1, 'manual', null, 'Corner shop');
    insertReceipt.run(1, 'manual', null, 'Corner shop');
    expect(() => insertReceipt.run(1, 'scanner', null, 'x')).toThrow(/CHECK/);
    // Vendor compares case-insensitively.
    expect(db.prepare("SELECT count(*) AS n FROM receipts WHERE business_id = 1 AND vendor = 'WOLT'").get()).toEqual({ n: 1 });

    const insertAttachment = db.prepare(
      `INSERT INTO receipt_attachments (receipt_id, business_id, filename, mime_type, size, sha256, part_id, stored)
       VALUES (?, ?, 'invoice.pdf', 'application/pdf', 10, ?, ?, ?)`,
    );
    insertAttachment.run(a, 1, SHA, '1', 1);
    expect(() => insertAttachment.run(a, 1, SHA, '1', 1)).toThrow(/UNIQUE/);
    // An attachment cannot hang under another business's receipt.
    expect(() => insertAttachment.run(a, 2, SHA, '2', 1)).toThrow(/FOREIGN KEY/);
    // Stored means a content id, and a content id is 64 lowercase hex digits.
    expect(() => insertAttachment.run(a, 1, null, '3', 1)).toThrow(/CHECK/);
    expect(() => insertAttachment.run(a, 1, '../../etc/passwd'.padEnd(64, 'a'), '4', 1)).toThrow(/CHECK/);
    expect(() => insertAttachment.run(a, 1, SHA.toUpperCase(), '5', 1)).toThrow(/CHECK/);
    insertAttachment.run(a, 1, null, '6', 0);

    db.prepare('DELETE FROM receipts WHERE id = ?').run(a);
    expect(db.prepare('SELECT count(*) AS n FROM receipt_attachments').get()).toEqual({ n: 0 });

    db.prepare(
      `INSERT INTO gmail_connections (business_id, email, client_id, refresh_token_cipher, token_box, created_at, updated_at)
       VALUES (1, 'owner@example.com', 'client', x'01', 'file-key', 1, 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO gmail_connections (business_id, email, client_id, refresh_token_cipher, token_box, created_at, updated_at)
           VALUES (1, 'other@example.com', 'client', x'01', 'file-key', 1, 1)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    // Deleting a business takes its receipts and connection with it, and nothing of the other business.
    db.prepare('DELETE FROM businesses WHERE id = 1').run();
    expect(db.prepare('SELECT business_id, count(*) AS n FROM receipts GROUP BY business_id').all()).toEqual([{ business_id: 2, n: 1 }]);
    expect(db.prepare('SELECT count(*) AS n FROM gmail_connections').get()).toEqual({ n: 0 });
    db.close();
  });

  it('runs in one transaction: a failing migration 4 leaves version 3 intact', () => {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig4-'));
    const path = join(dir, 'v3.db');
    version3Database(path);
    const db = new Database(path);
    // Something already named like the new column makes the last statement of migration 4 fail.
    db.exec('ALTER TABLE tasks ADD COLUMN cursor_text TEXT');
    expect(() => runMigrations(db)).toThrow(/duplicate column/);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'receipts'").get()).toEqual({ n: 0 });
    db.close();
  });
});
