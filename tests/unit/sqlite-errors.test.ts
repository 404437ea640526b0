/** SQLite failures are told apart by the codes better-sqlite3 really throws, not by their text. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBusy, isUniqueViolation } from '../../main/store/sqlite-errors.ts';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('sqlite errors', () => {
  it('recognises a UNIQUE violation and nothing else as one', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a TEXT UNIQUE, b TEXT NOT NULL)');
    db.prepare("INSERT INTO t VALUES ('x', 'y')").run();
    expect(isUniqueViolation(thrown(() => db.prepare("INSERT INTO t VALUES ('x', 'z')").run()))).toBe(true);
    expect(isUniqueViolation(thrown(() => db.prepare("INSERT INTO t VALUES ('w', NULL)").run()))).toBe(false);
    // A message that merely mentions the word is not a violation.
    expect(isUniqueViolation(new Error('UNIQUE constraint failed'))).toBe(false);
    db.close();
  });

  it('recognises a locked database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskdeck-busy-'));
    try {
      const a = new Database(join(dir, 'b.db'));
      const b = new Database(join(dir, 'b.db'), { timeout: 0 });
      a.exec('CREATE TABLE t (x)');
      a.exec('BEGIN IMMEDIATE');
      const error = thrown(() => b.exec('BEGIN IMMEDIATE'));
      expect(isBusy(error)).toBe(true);
      expect(isUniqueViolation(error)).toBe(false);
      expect(isBusy(new Error('SQLITE_BUSY'))).toBe(false);
      a.exec('ROLLBACK');
      a.close();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
