/**
 * The contacts-import runner in-process, with a real TaskContext on a real SQLite
 * file (no worker process): counters, row errors, merging, isolation, resume.
 */
import { SHIPPED_FACTS } from '../../common/tasks/kinds.ts';
import { verbatim } from '../../common/messages.ts';
import { reason } from '../../common/reasons.ts';
import { englishOf, wordsIn } from '../helpers/engine.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { setOptOut, upsertContact } from '../../main/store/contacts-repo.ts';
import { createTask, getTaskById } from '../../main/store/tasks-repo.ts';
import { acquireLease } from '../../main/worker/lease.ts';
import { TaskContext } from '../../main/worker/task-context.ts';
import { IMPORT_CHUNK, runContactsImport } from '../../main/tasks/contacts-import/runner.ts';

let dir: string;
let dbPath: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskdeck-import-'));
  dbPath = join(dir, 'taskdeck.db');
  db = openDatabase(dbPath, { migrate: true });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const WORKER = 'w:1:test';

function startImport(businessId: number, params: Record<string, unknown>): TaskContext {
  const task = createTask(db, { businessId, kind: 'contacts-import', title: verbatim('Import'), params });
  return contextFor(task.id);
}

function contextFor(taskId: number): TaskContext {
  const lease = acquireLease(db, taskId, WORKER, 60_000, SHIPPED_FACTS);
  if (!lease.ok) throw new Error(lease.reason);
  return new TaskContext({ db, dbPath, taskId, workerId: WORKER, leaseMs: 60_000, heartbeatMs: 60_000, post: () => {}, repeatable: SHIPPED_FACTS.find(lease.task.kind)?.sideEffect === 'repeatable' }, lease.task);
}

function counters(taskId: number) {
  const t = getTaskById(db, taskId)!;
  return { total: t.total, processed: t.processed, succeeded: t.succeeded, skipped: t.skipped, failed: t.failed, planCursor: t.plan_cursor };
}

function contactsOf(businessId: number) {
  return db.prepare('SELECT phone, name, fields, opted_out FROM contacts WHERE business_id = ? ORDER BY id').all(businessId) as {
    phone: string;
    name: string;
    fields: string;
    opted_out: number;
  }[];
}

describe('runContactsImport', () => {
  it('imports, merges duplicates, records bad rows with their line, touches only its business', async () => {
    const business = createBusiness(db, 'Mine', 'IL').id;
    const other = createBusiness(db, 'Other', 'IL').id;
    upsertContact(db, other, { phone: '+972501234567', name: 'Other Dana', fields: {} });
    const known = upsertContact(db, business, { phone: '+972521111111', name: 'Known', fields: { city: 'Eilat', vip: 'yes' } });
    setOptOut(db, business, known.id, true);
    const path = join(dir, 'contacts.csv');
    writeFileSync(
      path,
      [
        '\ufeffשם;טלפון;City', // 1
        'Dana;050-123-4567;Haifa', // 2
        'Bad;abc;Haifa', // 3
        '', // 4
        'Dana again;+972 50 123 4567;', // 5: same number as line 2
        'Known;052-111-1111;Tel Aviv', // 6: existing, opted out
        'Broken;053-000-0000;x;y', // 7: too many values
      ].join('\r\n'),
    );
    const ctx = startImport(business, { path });
    await runContactsImport(ctx);

    expect(counters(ctx.taskId)).toEqual({ total: 5, processed: 5, succeeded: 1, skipped: 2, failed: 2, planCursor: 5 });
    const rowErrors = db.prepare('SELECT row_number, reason, raw FROM import_errors WHERE task_id = ? ORDER BY row_number').all(ctx.taskId) as {
      row_number: number;
      reason: string;
      raw: string;
    }[];
    expect(rowErrors.map((e) => ({ ...e, reason: wordsIn(e.reason) }))).toEqual([
      { row_number: 3, reason: reason('phoneNotNumber', { value: 'abc' }), raw: 'Bad,abc,Haifa' },
      { row_number: 7, reason: reason('csvTooManyValues', { count: 4, columns: 3 }), raw: 'Broken;053-000-0000;x;y' },
    ]);
    expect(rowErrors.map((e) => englishOf(e.reason))).toEqual(["not a phone number: 'abc'", '4 values but the header has 3 columns']);
    expect(contactsOf(business)).toEqual([
      // Opt-out survives the import; fields merge.
      { phone: '+972521111111', name: 'Known', fields: JSON.stringify({ city: 'Tel Aviv', vip: 'yes' }), opted_out: 1 },
      { phone: '+972501234567', name: 'Dana again', fields: JSON.stringify({ city: 'Haifa' }), opted_out: 0 },
    ]);
    expect(contactsOf(other)).toEqual([{ phone: '+972501234567', name: 'Other Dana', fields: '{}', opted_out: 0 }]);
  });

  it('resumes after a pause from the committed cursor, with nothing lost or doubled', async () => {
    const business = createBusiness(db, 'Mine', 'IL').id;
    const rows = ['phone,name'];
    const n = IMPORT_CHUNK * 2 + 500;
    for (let i = 0; i < n; i++) rows.push(i % 100 === 7 ? `bad-${i},Nobody` : `050${String(1_000_000 + i).slice(-7)},Customer ${i}`);
    const path = join(dir, 'big.csv');
    writeFileSync(path, rows.join('\n'));

    const first = startImport(business, { path });
    const commit = first.commit.bind(first);
    // Pause lands right after the first chunk's commit.
    first.commit = ((...args: Parameters<typeof commit>) => {
      const result = commit(...args);
      first.requestStop('pause');
      return result;
    }) as typeof first.commit;
    await runContactsImport(first);
    const bad = (upTo: number) => Math.floor((upTo - 7 - 1) / 100) + 1;
    expect(counters(first.taskId)).toMatchObject({ total: IMPORT_CHUNK, planCursor: IMPORT_CHUNK, failed: bad(IMPORT_CHUNK) });

    await runContactsImport(contextFor(first.taskId));
    expect(counters(first.taskId)).toEqual({
      total: n,
      processed: n,
      succeeded: n - bad(n),
      skipped: 0,
      failed: bad(n),
      planCursor: n,
    });
    expect(contactsOf(business)).toHaveLength(n - bad(n));
    expect((db.prepare('SELECT count(*) AS c FROM import_errors WHERE task_id = ?').get(first.taskId) as { c: number }).c).toBe(bad(n));
  });

  it('stops without committing when asked before the first chunk is full', async () => {
    const business = createBusiness(db, 'Mine', 'IL').id;
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'phone\n0501234567\n0501234568\n');
    const ctx = startImport(business, { path });
    ctx.requestStop('cancel');
    await runContactsImport(ctx);
    expect(counters(ctx.taskId)).toMatchObject({ total: 0, planCursor: 0 });
    expect(contactsOf(business)).toEqual([]);
  });

  it('uses the params country over the business one, and the mapping', async () => {
    const business = createBusiness(db, 'Mine', 'IL').id;
    const path = join(dir, 'us.csv');
    writeFileSync(path, 'Number,Who,Phone\n(212) 555-0123,Ann,n/a\n');
    const ctx = startImport(business, { path, defaultCountry: 'US', mapping: { phone: 'Number', name: 'Who' } });
    await runContactsImport(ctx);
    expect(contactsOf(business)).toEqual([{ phone: '+12125550123', name: 'Ann', fields: JSON.stringify({ phone_2: 'n/a' }), opted_out: 0 }]);
  });

  it('fails with a clear message for a missing file or a file without a phone column', async () => {
    const business = createBusiness(db, 'Mine', 'IL').id;
    await expect(runContactsImport(startImport(business, { path: join(dir, 'nope.csv') }))).rejects.toThrow(
      /nope\.csv: the file does not exist/,
    );
    const path = join(dir, 'nophone.csv');
    writeFileSync(path, 'Name,City\nDana,Haifa\n');
    await expect(runContactsImport(startImport(business, { path }))).rejects.toThrow(
      'No phone column found. Columns in the file: "Name", "City".',
    );
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(runContactsImport(startImport(business, { path: empty }))).rejects.toThrow(/empty/);
  });
});
