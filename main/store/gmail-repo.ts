import type { BusinessId } from '../../common/model.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';

export interface GmailConnectionRow {
  id: number;
  business_id: number;
  email: string;
  client_id: string;
  refresh_token_cipher: Buffer;
  client_secret_cipher: Buffer | null;
  token_box: 'os-keychain' | 'file-key';
  history_id: string | null;
  last_full_sync_at: number | null;
  api_base_url: string;
  token_url: string;
  created_at: number;
  updated_at: number;
}

export function findGmailConnection(db: Db, businessId: BusinessId): GmailConnectionRow | undefined {
  return stmt(db, 'SELECT * FROM gmail_connections WHERE business_id = ?').get(businessId) as GmailConnectionRow | undefined;
}

export function saveGmailConnection(
  db: Db,
  businessId: BusinessId,
  c: { email: string; clientId: string; refreshCipher: Buffer; secretCipher: Buffer | null; box: GmailConnectionRow['token_box']; apiBaseUrl: string; tokenUrl: string },
): GmailConnectionRow {
  const t = now();
  // A new connection starts a new history: the next sync is a full one.
  stmt(
    db,
    `INSERT INTO gmail_connections (business_id, email, client_id, refresh_token_cipher, client_secret_cipher, token_box, api_base_url, token_url, history_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
     ON CONFLICT (business_id) DO UPDATE SET email = excluded.email, client_id = excluded.client_id,
       refresh_token_cipher = excluded.refresh_token_cipher, client_secret_cipher = excluded.client_secret_cipher,
       token_box = excluded.token_box, api_base_url = excluded.api_base_url, token_url = excluded.token_url,
       history_id = CASE WHEN gmail_connections.email = excluded.email THEN gmail_connections.history_id ELSE NULL END,
       updated_at = excluded.updated_at`,
  ).run(businessId, c.email, c.clientId, c.refreshCipher, c.secretCipher, c.box, c.apiBaseUrl, c.tokenUrl, t, t);
  return findGmailConnection(db, businessId)!;
}

/** After a sync: where the next one starts (an incremental sync reads history from here). */
export function recordSyncPoint(db: Db, businessId: BusinessId, historyId: string, full: boolean): void {
  stmt(
    db,
    `UPDATE gmail_connections SET history_id = ?, last_full_sync_at = CASE WHEN ? THEN ? ELSE last_full_sync_at END, updated_at = ?
     WHERE business_id = ?`,
  ).run(historyId, full ? 1 : 0, now(), now(), businessId);
}

export function deleteGmailConnection(db: Db, businessId: BusinessId): boolean {
  return stmt(db, 'DELETE FROM gmail_connections WHERE business_id = ?').run(businessId).changes > 0;
}
