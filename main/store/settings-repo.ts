import type { Settings } from '../../common/ipc/contract.ts';
import { gmailClientIdProblem } from '../../common/gmail-oauth-client.ts';
import { TaskdeckError } from '../../common/result.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

/** A secret as the settings table keeps it: encrypted, with the box that can open it. */
export interface SealedSetting {
  box: SecretBox['kind'];
  cipher: Buffer;
}

/** What updateSettings writes: plain settings, and the Gmail client secret already sealed. */
export type StoredSettingsPatch = Partial<Omit<Settings, 'gmailClientSecretSet'>> & { gmailClientSecret?: SealedSetting | null };

const GMAIL_CLIENT_SECRET_KEY = 'gmailClientSecret';

export const DEFAULT_SETTINGS: Settings = {
  language: 'en',
  defaultCountry: 'IL',
  workerLimit: 3,
  testModeOffline: false,
  testModeAccountProblem: false,
  gmailClientId: null,
  gmailClientSecretSet: false,
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
  if (typeof stored.gmailClientId === 'string' && gmailClientIdProblem(stored.gmailClientId) === null) {
    settings.gmailClientId = stored.gmailClientId;
    // Only whether a secret is saved: the secret itself never leaves main.
    settings.gmailClientSecretSet = parseSealed(stored[GMAIL_CLIENT_SECRET_KEY]) !== null;
  }
  return settings;
}

/**
 * Saves a change in one transaction. The Gmail client secret belongs to its client ID:
 * forgetting the ID forgets the secret, and a different ID forgets the old secret unless
 * a new one comes with it. A secret cannot be saved without a client ID.
 */
export function updateSettings(db: Db, patch: StoredSettingsPatch): Settings {
  const upsert = stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const remove = stmt(db, 'DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    const { gmailClientId, gmailClientSecret, ...plain } = patch;
    for (const [key, value] of Object.entries(plain)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
    if (gmailClientId === null) {
      remove.run('gmailClientId');
      remove.run(GMAIL_CLIENT_SECRET_KEY);
    } else if (gmailClientId !== undefined) {
      if (gmailClientId !== getSettings(db).gmailClientId && gmailClientSecret === undefined) remove.run(GMAIL_CLIENT_SECRET_KEY);
      upsert.run('gmailClientId', JSON.stringify(gmailClientId));
    }
    if (gmailClientSecret === null) remove.run(GMAIL_CLIENT_SECRET_KEY);
    else if (gmailClientSecret !== undefined) {
      if (getSettings(db).gmailClientId === null) {
        throw new TaskdeckError('bad_input', 'Save the Gmail OAuth client ID together with its secret: a secret alone is of no use.');
      }
      upsert.run(GMAIL_CLIENT_SECRET_KEY, JSON.stringify({ box: gmailClientSecret.box, cipher: gmailClientSecret.cipher.toString('base64') }));
    }
  }).immediate();
  return getSettings(db);
}

/** The saved Gmail client secret, still encrypted; null when none is saved. */
export function readGmailClientSecret(db: Db): SealedSetting | null {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(GMAIL_CLIENT_SECRET_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    return parseSealed(JSON.parse(row.value));
  } catch {
    return null;
  }
}

function parseSealed(value: unknown): SealedSetting | null {
  if (typeof value !== 'object' || value === null) return null;
  const { box, cipher } = value as { box?: unknown; cipher?: unknown };
  if ((box !== 'os-keychain' && box !== 'file-key') || typeof cipher !== 'string' || !cipher) return null;
  return { box, cipher: Buffer.from(cipher, 'base64') };
}

/** Cheap read of one boolean setting, for the test-mode provider's hot path. */
export function readFlag(db: Db, key: 'testModeOffline' | 'testModeAccountProblem'): boolean {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value === 'true';
}
