/**
 * Migration 008: a database written when main stored English sentences (schema 7: every
 * kind, reasons of every catalogue key, nested ones, titles main made up and titles the
 * owner typed) upgrades to message ids, and every stored reason and title reads the same
 * afterwards — in English exactly as stored, in Hebrew exactly as the window used to
 * translate it (the old parser and localizer, frozen in tests/fixtures/legacy).
 */
import Database from 'better-sqlite3';
import i18next, { type TFunction } from 'i18next';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage, type Message } from '../../common/messages.ts';
import { REASONS } from '../../common/reasons.ts';
import { openDatabase } from '../../main/store/db.ts';
import { runMigrations, schemaVersion } from '../../main/store/migrations/index.ts';
import * as v7 from '../../main/store/migrations/legacy/sentences-v7.ts';
import { storedWords } from '../../main/store/words.ts';
import { reasonsHe as legacyHe } from '../fixtures/legacy/reasons-he-v7.ts';
import { localizeReason, localizeTitle } from '../fixtures/legacy/localize-v7.ts';

const KEYS = Object.keys(v7.REASONS) as v7.ReasonKey[];
const placeholders = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
const RAW = `“Invalid” value (code 7); 'a', "b" — ערך שגוי 42!`;
const HARSH = `Invalid “value” (code 7): 'a', "b"; ערך שגוי 42.`;
const NESTED: Record<string, string> = {
  reason: v7.reason('gmailTemporary', { google: RAW }),
  action: v7.reason('thenPressResume'),
  ref: v7.reason('waErrorCode', { code: '190/463' }),
  what: v7.reason('netLookupFailed', { host: 'gmail.googleapis.com' }),
  why: v7.reason('phoneTooShort'),
  headers: v7.reason('csvColumns', { list: '"Name", "טלפון (נייד)"' }),
  wait: v7.reason('waitSeconds', { count: 30 }),
  duration: v7.reason('minutes', { count: 5 }),
};
/** One English sentence per catalogue key of v7, as main wrote it then. */
function oldSentence(key: v7.ReasonKey): string {
  const names = placeholders(v7.REASONS[key]);
  const params: Record<string, string> = {};
  for (const name of names) {
    params[name] = v7.NESTED_PARAMS.has(name) ? NESTED[name]! : v7.NUMERIC_PARAMS.has(name) ? '1,500' : names.length === 1 ? HARSH : RAW;
  }
  return (v7.reason as (k: string, p: Record<string, string>) => string)(key, params);
}
const REASON_SAMPLES = [
  ...KEYS.filter((k) => !v7.isTitleKey(k) && !v7.isConditionKey(k)).map(oldSentence),
  // Deeper nesting, as the engine wrote it.
  v7.reason('accountWait', { reason: v7.reason('gmailAccessLost', { reason: v7.reason('gmailNotAllowed', { google: 'Insufficient scopes.' }) }), action: v7.reason('thenPressResume') }),
  v7.reason('crashedTooOften', { reason: v7.reason('workerNotResponding', { count: 7200 }), count: 3 }),
  v7.reason('csvRow', { row: 12, reason: v7.reason('phoneInvalidForWhy', { country: 'IL', value: '050-12', why: v7.reason('phoneTooShort') }) }),
  // A nested sentence's final period merged into the punctuation after it.
  v7.reason('waitingForNetworkSync', { reason: v7.reason('oauthOffline') }),
  v7.reason('sendingSlowedDown', { reason: v7.reason('waThroughput') }),
  // Not a sentence of the catalogue: an exception's text.
  'SQLITE_BUSY: database is locked',
];
const TITLES: { kind: string; title: string; typed: boolean }[] = [
  // The owner typed a title that reads like one main makes up: it must stay as typed.
  { kind: 'broadcast', title: 'Receipts from Gmail', typed: true },
  { kind: 'broadcast', title: 'Spring sale — מבצע אביב', typed: true },
  { kind: 'contacts-import', title: 'customers.csv', typed: true },
  { kind: 'receipts-sync', title: v7.reason('titleReceiptsSync'), typed: false },
  { kind: 'receipts-delete', title: 'Delete 1,500 receipts from Wolt Market since 2025-03-01 matching “x before y” (local copies only; mail in Gmail is kept)', typed: false },
  { kind: 'receipts-delete', title: v7.reason('titleDeleteOneReceipt'), typed: false },
];

let dir: string;
let legacyT: TFunction;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taskdeck-mig8-'));
  const instance = i18next.createInstance();
  await instance.init({ resources: { he: { translation: { reasons: legacyHe } } }, lng: 'he', interpolation: { escapeValue: false }, initAsync: false });
  legacyT = instance.t;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 008: the owner’s words become message ids', () => {
  it('every v7 key is still a key of the catalogue (keys are never renamed)', () => {
    for (const key of KEYS) expect(REASONS[key as keyof typeof REASONS], key).toBeDefined();
  });

  it('a v7 database of every kind upgrades; every reason and title reads the same in English and in Hebrew', () => {
    const path = join(dir, 'v7.db');
    const old = new Database(path);
    runMigrations(old, 7);
    old.exec("INSERT INTO businesses (id, name, created_at) VALUES (1, 'Falafel Haifa', 1)");
    const insertTask = old.prepare("INSERT INTO tasks (id, business_id, kind, title, status, params, last_error, created_at, updated_at) VALUES (?, 1, ?, ?, 'completed', '{}', ?, 1, 1)");
    TITLES.forEach((t, i) => insertTask.run(i + 1, t.kind, t.title, REASON_SAMPLES[i % REASON_SAMPLES.length]));
    const insertItem = old.prepare("INSERT INTO task_items (task_id, business_id, seq, phone, state, reason, updated_at) VALUES (1, 1, ?, '+972501234567', 'failed', ?, 1)");
    // Many items share few sentences, as in a real broadcast.
    for (let i = 0; i < 3000; i++) insertItem.run(i + 1, REASON_SAMPLES[i % REASON_SAMPLES.length]);
    const insertError = old.prepare('INSERT INTO import_errors (task_id, business_id, row_number, reason, raw) VALUES (3, 1, ?, ?, ?)');
    REASON_SAMPLES.forEach((text, i) => insertError.run(i + 2, text, 'x'));
    old
      .prepare(`INSERT INTO whatsapp_accounts (id, business_id, label, phone_number_id, waba_id, token_cipher, token_box, check_error, created_at, updated_at)
        VALUES (1, 1, 'Shop', '123456', '654321', x'00', 'file-key', ?, 1, 1)`)
      .run(REASON_SAMPLES[5]);
    old.close();

    const db = openDatabase(path, { migrate: true });
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(8);
    const reads = (stored: string, original: string, typed = false) => {
      const words: Message = storedWords(stored);
      expect(formatMessage(words, 'en'), original).toBe(original);
      const hebrew = typed ? original : localizeReason(original, legacyT, 'he');
      expect(formatMessage(words, 'he'), original).toBe(hebrew);
      return words;
    };
    const items = db.prepare('SELECT seq, reason FROM task_items WHERE task_id = 1 ORDER BY seq').all() as { seq: number; reason: string }[];
    expect(items).toHaveLength(3000);
    for (const item of items.slice(0, REASON_SAMPLES.length * 2)) reads(item.reason, REASON_SAMPLES[(item.seq - 1) % REASON_SAMPLES.length]!);
    // The exception's text was no sentence: it stays as it is, in both languages.
    expect(storedWords(items[REASON_SAMPLES.length - 1]!.reason)).toEqual({ key: 'verbatim', params: { text: 'SQLITE_BUSY: database is locked' } });
    for (const row of db.prepare('SELECT row_number, reason FROM import_errors ORDER BY row_number').all() as { row_number: number; reason: string }[]) {
      reads(row.reason, REASON_SAMPLES[row.row_number - 2]!);
    }
    reads((db.prepare('SELECT check_error FROM whatsapp_accounts').get() as { check_error: string }).check_error, REASON_SAMPLES[5]!);
    const tasks = db.prepare('SELECT id, title, last_error FROM tasks ORDER BY id').all() as { id: number; title: string; last_error: string }[];
    for (const task of tasks) {
      const expected = TITLES[task.id - 1]!;
      const title = storedWords(task.title);
      expect(formatMessage(title, 'en')).toBe(expected.title);
      expect(formatMessage(title, 'he')).toBe(expected.typed ? expected.title : localizeTitle(expected.title, legacyT, 'he'));
      if (expected.typed) expect(title.key).toBe('verbatim');
      else expect(title.key).toMatch(/^title/);
      reads(task.last_error, REASON_SAMPLES[(task.id - 1) % REASON_SAMPLES.length]!);
    }
    // The typed "Receipts from Gmail" is not translated; the sync's own title is.
    expect(formatMessage(storedWords(tasks[0]!.title), 'he')).toBe('Receipts from Gmail');
    expect(formatMessage(storedWords(tasks[3]!.title), 'he')).toBe('קבלות מ־Gmail');
    db.close();
  });
});
