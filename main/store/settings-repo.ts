import type { Settings } from '../../common/ipc/contract.ts';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

export const DEFAULT_SETTINGS: Settings = {
  language: 'en',
  defaultCountry: 'IL',
  workerLimit: 3,
  testModeOffline: false,
  testModeAccountProblem: false,
};

export function getSettings(db: Db): Settings {
  const rows = stmt(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A hand-edited value that is not JSON is ignored; the default stands.
    }
  }
  const settings = { ...DEFAULT_SETTINGS };
  if (stored.language === 'en' || stored.language === 'he') settings.language = stored.language;
  if (typeof stored.defaultCountry === 'string') settings.defaultCountry = stored.defaultCountry;
  if (typeof stored.workerLimit === 'number') settings.workerLimit = stored.workerLimit;
  if (typeof stored.testModeOffline === 'boolean') settings.testModeOffline = stored.testModeOffline;
  if (typeof stored.testModeAccountProblem === 'boolean') settings.testModeAccountProblem = stored.testModeAccountProblem;
  return settings;
}

export function updateSettings(db: Db, patch: Partial<Settings>): Settings {
  const upsert = stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
  return getSettings(db);
}

/** Cheap read of one boolean setting, for the test-mode provider's hot path. */
export function readFlag(db: Db, key: 'testModeOffline' | 'testModeAccountProblem'): boolean {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value === 'true';
}
