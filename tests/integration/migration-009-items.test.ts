/**
 * Migration 009: items of every kind move out of the broadcast's borrowed columns (a Gmail
 * message id in `phone`, a receipt id in `contact_id`, released file hashes in
 * `provider_ref`) into subject / label / payload / result, and what each kind's worker and
 * window read afterwards parses with that kind's own item schemas.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskKindFacts } from '../../common/tasks/kind.ts';
import { KIND_FACTS } from '../../common/tasks/kinds.ts';
import { openDatabase } from '../../main/store/db.ts';
import { runMigrations, schemaVersion } from '../../main/store/migrations/index.ts';

interface ItemRow {
  task_id: number;
  seq: number;
  subject: string;
  label: string;
  state: string;
  payload: string;
  result: string | null;
}

describe('migration 9: generic items', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function v8Database(): string {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig9-'));
    const path = join(dir, 'v8.db');
    const old = new Database(path);
    runMigrations(old, 8);
    expect(schemaVersion(old)).toBe(8);
    const title = (text: string) => JSON.stringify({ key: 'verbatim', params: { text } });
    old.exec(`
      INSERT INTO businesses (id, name, created_at) VALUES (1, 'Falafel Haifa', 1), (2, 'Other', 1);
      INSERT INTO contacts (id, business_id, phone, name, fields, created_at, updated_at) VALUES
        (11, 1, '+972501234567', 'Dana', '{}', 1, 1);
      INSERT INTO receipts (id, business_id, source, gmail_message_id, subject, received_at, created_at, updated_at) VALUES
        (21, 1, 'gmail', 'msg-a', 'Your receipt', 1, 1, 1),
        (22, 2, 'gmail', 'msg-b', 'Not ours', 1, 1, 1);
      INSERT INTO tasks (id, business_id, kind, title, status, params, created_at, updated_at) VALUES
        (1, 1, 'broadcast', '${title('Sale')}', 'running', '{}', 1, 1),
        (2, 1, 'receipts-sync', '${title('Sync')}', 'running', '{}', 1, 1),
        (3, 1, 'receipts-delete', '${title('Delete')}', 'running', '{}', 1, 1);
      INSERT INTO task_items (task_id, business_id, seq, contact_id, phone, dedupe_key, name, vars, state, provider_ref, updated_at) VALUES
        (1, 1, 1, 11, '+972501234567', '+972501234567', 'Dana', '{"first":"Dana"}', 'done', 'wamid.HBgM', 1),
        (1, 1, 2, NULL, '050-12', NULL, 'Typo', '{}', 'skipped', NULL, 1),
        (1, 1, 3, NULL, '+972501234568', '+972501234568', '', '{}', 'pending', NULL, 1),
        -- Receipt sync: the message id was kept in phone. msg-b is business 2's receipt, not ours.
        (2, 1, 1, NULL, 'msg-a', 'msg-a', '', '{}', 'done', NULL, 1),
        (2, 1, 2, NULL, 'msg-b', 'msg-b', '', '{}', 'done', NULL, 1),
        (2, 1, 3, NULL, 'msg-c', 'msg-c', '', '{}', 'pending', NULL, 1),
        -- Receipt delete: the receipt id in contact_id, its label in name, released hashes in provider_ref.
        (3, 1, 1, 21, '', '21', '2026-01-02 — Your receipt', '{}', 'done', 'aaa bbb', 1),
        (3, 1, 2, 22, '', '22', '2026-01-03 — Other', '{}', 'done', '', 1),
        (3, 1, 3, 23, '', '23', '2026-01-04 — Later', '{}', 'pending', NULL, 1);
    `);
    old.close();
    return path;
  }

  function itemsOf(db: Database.Database, taskId: number): ItemRow[] {
    return db
      .prepare('SELECT task_id, seq, subject, label, state, payload, result FROM task_items WHERE task_id = ? ORDER BY seq')
      .all(taskId) as ItemRow[];
  }

  it('moves each kind’s borrowed columns to subject, label, payload and result', () => {
    const db = openDatabase(v8Database(), { migrate: true });
    const json = (r: ItemRow) => ({ seq: r.seq, subject: r.subject, label: r.label, state: r.state, payload: JSON.parse(r.payload), result: r.result && JSON.parse(r.result) });

    expect(itemsOf(db, 1).map(json)).toEqual([
      { seq: 1, subject: '+972501234567', label: 'Dana', state: 'done', payload: { contactId: 11, vars: { first: 'Dana' } }, result: { providerRef: 'wamid.HBgM' } },
      { seq: 2, subject: '050-12', label: 'Typo', state: 'skipped', payload: { contactId: null, vars: {} }, result: null },
      { seq: 3, subject: '+972501234568', label: '', state: 'pending', payload: { contactId: null, vars: {} }, result: null },
    ]);
    expect(itemsOf(db, 2).map(json)).toEqual([
      { seq: 1, subject: 'msg-a', label: '', state: 'done', payload: {}, result: { receiptId: 21 } },
      // Another business's receipt with the same message id is never linked.
      { seq: 2, subject: 'msg-b', label: '', state: 'done', payload: {}, result: { receiptId: null } },
      { seq: 3, subject: 'msg-c', label: '', state: 'pending', payload: {}, result: null },
    ]);
    expect(itemsOf(db, 3).map(json)).toEqual([
      { seq: 1, subject: '2026-01-02 — Your receipt', label: '', state: 'done', payload: { receiptId: 21 }, result: { releasedShas: ['aaa', 'bbb'] } },
      { seq: 2, subject: '2026-01-03 — Other', label: '', state: 'done', payload: { receiptId: 22 }, result: { releasedShas: [] } },
      { seq: 3, subject: '2026-01-04 — Later', label: '', state: 'pending', payload: { receiptId: 23 }, result: null },
    ]);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('task_items')").all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('phone');
    expect(columns).not.toContain('contact_id');
    expect(columns).not.toContain('provider_ref');
    db.close();
  });

  it('every moved item parses with its kind’s own item schemas', () => {
    const db = openDatabase(v8Database(), { migrate: true });
    const rows = db.prepare('SELECT t.kind, i.payload, i.result FROM task_items i JOIN tasks t ON t.id = i.task_id').all() as {
      kind: keyof typeof KIND_FACTS;
      payload: string;
      result: string | null;
    }[];
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      const { item }: TaskKindFacts = KIND_FACTS[row.kind];
      expect(item, row.kind).toBeDefined();
      expect(item!.payload.safeParse(JSON.parse(row.payload)).success, `${row.kind} payload ${row.payload}`).toBe(true);
      if (row.result !== null) expect(item!.result.safeParse(JSON.parse(row.result)).success, `${row.kind} result ${row.result}`).toBe(true);
    }
    db.close();
  });
});
