import type { BusinessId, WhatsAppAccount } from '../../common/model.ts';
import type { Message } from '../../common/messages.ts';
import { notFound } from '../../common/result.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';
import { storedWordsOrNull, wordsToStoreOrNull } from './words.ts';

export interface AccountRow {
  id: number;
  business_id: number;
  label: string;
  phone_number_id: string;
  waba_id: string;
  graph_version: string;
  base_url: string;
  token_cipher: Buffer;
  token_box: 'os-keychain' | 'file-key';
  token_version: number;
  rate_per_second: number;
  display_phone_number: string | null;
  verified_name: string | null;
  quality_rating: string | null;
  throughput_level: string | null;
  checked_at: number | null;
  /** A Message as JSON (main/store/words.ts). */
  check_error: string | null;
  created_at: number;
  updated_at: number;
}

/** The window's view: every column but the token. */
export function toAccount(row: AccountRow): WhatsAppAccount {
  return {
    id: row.id,
    businessId: row.business_id,
    label: row.label,
    phoneNumberId: row.phone_number_id,
    wabaId: row.waba_id,
    graphVersion: row.graph_version,
    baseUrl: row.base_url,
    ratePerSecond: row.rate_per_second,
    tokenStoredIn: row.token_box,
    check: {
      at: row.checked_at,
      displayPhoneNumber: row.display_phone_number,
      verifiedName: row.verified_name,
      qualityRating: row.quality_rating,
      throughputLevel: row.throughput_level,
      error: storedWordsOrNull(row.check_error),
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listAccounts(db: Db, businessId: BusinessId): AccountRow[] {
  return stmt(db, 'SELECT * FROM whatsapp_accounts WHERE business_id = ? ORDER BY id').all(businessId) as AccountRow[];
}

export function getAccount(db: Db, businessId: BusinessId, accountId: number): AccountRow {
  const row = stmt(db, 'SELECT * FROM whatsapp_accounts WHERE id = ? AND business_id = ?').get(accountId, businessId) as AccountRow | undefined;
  if (!row) throw notFound(`WhatsApp account ${accountId}`);
  return row;
}

export interface NewAccount {
  label: string;
  phoneNumberId: string;
  wabaId: string;
  graphVersion: string;
  baseUrl: string;
  ratePerSecond: number;
  tokenCipher: Buffer;
  tokenBox: AccountRow['token_box'];
}

export function insertAccount(db: Db, businessId: BusinessId, a: NewAccount): AccountRow {
  const t = now();
  const info = stmt(
    db,
    `INSERT INTO whatsapp_accounts (business_id, label, phone_number_id, waba_id, graph_version, base_url, rate_per_second, token_cipher, token_box, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(businessId, a.label, a.phoneNumberId, a.wabaId, a.graphVersion, a.baseUrl, a.ratePerSecond, a.tokenCipher, a.tokenBox, t, t);
  return getAccount(db, businessId, Number(info.lastInsertRowid));
}

export function replaceToken(db: Db, businessId: BusinessId, accountId: number, cipher: Buffer, box: AccountRow['token_box']): AccountRow {
  const info = stmt(
    db,
    `UPDATE whatsapp_accounts SET token_cipher = ?, token_box = ?, token_version = token_version + 1, check_error = NULL, updated_at = ?
     WHERE id = ? AND business_id = ?`,
  ).run(cipher, box, now(), accountId, businessId);
  if (!info.changes) throw notFound(`WhatsApp account ${accountId}`);
  return getAccount(db, businessId, accountId);
}

export function recordCheck(
  db: Db,
  businessId: BusinessId,
  accountId: number,
  check: { displayPhoneNumber?: string; verifiedName?: string; qualityRating?: string; throughputLevel?: string | undefined; error?: Message },
): AccountRow {
  stmt(
    db,
    `UPDATE whatsapp_accounts SET checked_at = ?, check_error = ?,
       display_phone_number = coalesce(?, display_phone_number), verified_name = coalesce(?, verified_name),
       quality_rating = coalesce(?, quality_rating), throughput_level = coalesce(?, throughput_level), updated_at = ?
     WHERE id = ? AND business_id = ?`,
  ).run(
    now(),
    wordsToStoreOrNull(check.error),
    check.displayPhoneNumber ?? null,
    check.verifiedName ?? null,
    check.qualityRating ?? null,
    check.throughputLevel ?? null,
    now(),
    accountId,
    businessId,
  );
  return getAccount(db, businessId, accountId);
}

export function deleteAccount(db: Db, businessId: BusinessId, accountId: number): void {
  const info = stmt(db, 'DELETE FROM whatsapp_accounts WHERE id = ? AND business_id = ?').run(accountId, businessId);
  if (!info.changes) throw notFound(`WhatsApp account ${accountId}`);
}

/** Engine-internal: the account a task's worker sends through. */
export function getAccountById(db: Db, accountId: number): AccountRow | undefined {
  return stmt(db, 'SELECT * FROM whatsapp_accounts WHERE id = ?').get(accountId) as AccountRow | undefined;
}
