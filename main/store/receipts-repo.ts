// Longer than 400 lines: receipts, their attachments and tombstones change together in one transaction each (sync, delete, dedupe); one module keeps those transactions whole.
/**
 * Receipts and their attachments, per business. Every function takes the business id
 * and every query is scoped by it (the one exception, `isShaReferenced`, answers for the
 * shared file store and returns no row data). The files themselves live in
 * main/receipts/blob-store.ts, named by the attachment's sha256.
 */
import type { BusinessId, Page, Receipt, ReceiptAttachment, ReceiptSource } from '../../common/model.ts';
import { notFound } from '../../common/result.ts';
import { receiptTimeBounds, type ReceiptsFilter } from '../../common/receipts-filter.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';

interface ReceiptRow {
  id: number;
  business_id: number;
  source: ReceiptSource;
  gmail_message_id: string | null;
  gmail_thread_id: string | null;
  from_name: string;
  from_address: string;
  subject: string;
  received_at: number;
  vendor: string | null;
  amount_minor: number | null;
  currency: string | null;
  snippet: string;
  created_at: number;
  updated_at: number;
  attachment_count: number;
}

interface AttachmentRow {
  id: number;
  receipt_id: number;
  filename: string;
  mime_type: string;
  size: number;
  sha256: string | null;
  stored: number;
}

function toReceipt(r: ReceiptRow): Receipt {
  return {
    id: r.id,
    businessId: r.business_id,
    source: r.source,
    gmailMessageId: r.gmail_message_id,
    gmailThreadId: r.gmail_thread_id,
    fromName: r.from_name,
    fromAddress: r.from_address,
    subject: r.subject,
    receivedAt: r.received_at,
    vendor: r.vendor,
    amountMinor: r.amount_minor,
    currency: r.currency,
    snippet: r.snippet,
    attachmentCount: r.attachment_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toAttachment(r: AttachmentRow): ReceiptAttachment {
  return {
    id: r.id,
    receiptId: r.receipt_id,
    filename: r.filename,
    mimeType: r.mime_type,
    size: r.size,
    sha256: r.sha256,
    stored: r.stored === 1,
  };
}

const SELECT_RECEIPT = `SELECT r.*, (SELECT count(*) FROM receipt_attachments a WHERE a.receipt_id = r.id) AS attachment_count FROM receipts r`;

// ---------------------------------------------------------------------------------------
// Writes (the sync task, manual entry)

export interface ReceiptInput {
  source: ReceiptSource;
  /** Required for source 'gmail': the receipt is unique per (business, Gmail message). */
  gmailMessageId?: string | null;
  gmailThreadId?: string | null;
  fromName?: string;
  fromAddress?: string;
  subject?: string;
  receivedAt: number;
  vendor?: string | null;
  /** With `currency`; both are kept as a pair. */
  amountMinor?: number | null;
  currency?: string | null;
  snippet?: string;
}

function checkReceipt(input: ReceiptInput): void {
  if (input.source === 'gmail' && !input.gmailMessageId) throw new Error('A Gmail receipt needs its message id');
  if (!Number.isFinite(input.receivedAt)) throw new Error(`Bad receipt date: ${String(input.receivedAt)}`);
  if (input.amountMinor != null && !Number.isSafeInteger(input.amountMinor)) throw new Error(`Bad amount: ${input.amountMinor}`);
  if (input.currency != null && !/^[A-Z]{3}$/.test(input.currency)) throw new Error(`Bad currency code: ${JSON.stringify(input.currency)}`);
}

/**
 * Inserts a receipt, or updates the one with the same Gmail message id in this business.
 * On update the mail's fields are replaced; vendor and amount are replaced only by a
 * value that was found (a later parse that finds nothing keeps what an earlier one found).
 */
export function upsertReceipt(db: Db, businessId: BusinessId, input: ReceiptInput): { id: number; created: boolean } {
  checkReceipt(input);
  const t = now();
  const args = {
    businessId,
    source: input.source,
    gmailMessageId: input.gmailMessageId ?? null,
    gmailThreadId: input.gmailThreadId ?? null,
    fromName: input.fromName ?? '',
    fromAddress: input.fromAddress ?? '',
    subject: input.subject ?? '',
    receivedAt: input.receivedAt,
    vendor: input.vendor?.trim() || null,
    amountMinor: input.amountMinor ?? null,
    currency: input.amountMinor == null ? null : (input.currency ?? null),
    snippet: input.snippet ?? '',
    t,
  };
  const inserted = stmt(
    db,
    `INSERT INTO receipts (business_id, source, gmail_message_id, gmail_thread_id, from_name, from_address, subject, received_at,
       vendor, amount_minor, currency, snippet, created_at, updated_at)
     VALUES (@businessId, @source, @gmailMessageId, @gmailThreadId, @fromName, @fromAddress, @subject, @receivedAt,
       @vendor, @amountMinor, @currency, @snippet, @t, @t)
     ON CONFLICT (business_id, gmail_message_id) DO NOTHING
     RETURNING id`,
  ).get(args) as { id: number } | undefined;
  if (inserted) return { id: inserted.id, created: true };
  const updated = stmt(
    db,
    `UPDATE receipts SET gmail_thread_id = coalesce(@gmailThreadId, gmail_thread_id), from_name = @fromName,
       from_address = @fromAddress, subject = @subject, received_at = @receivedAt, snippet = @snippet,
       vendor = coalesce(@vendor, vendor),
       currency = CASE WHEN @amountMinor IS NULL THEN currency ELSE @currency END,
       amount_minor = coalesce(@amountMinor, amount_minor),
       updated_at = @t
     WHERE business_id = @businessId AND gmail_message_id = @gmailMessageId
     RETURNING id`,
  ).get(args) as { id: number } | undefined;
  if (!updated) throw new Error(`Receipt for Gmail message ${args.gmailMessageId} vanished during upsert`);
  return { id: updated.id, created: false };
}

export interface AttachmentInput {
  /** The MIME part id within the message ("1", "1.2"); unique per receipt. */
  partId: string;
  filename: string;
  mimeType: string;
  size: number;
  gmailAttachmentId?: string | null;
  /** Set once the bytes are in the blob store (then the attachment counts as stored). */
  sha256?: string | null;
}

/**
 * Inserts or updates an attachment of one of this business's receipts. A receipt of
 * another business is refused (the composite key would refuse it too).
 */
export function upsertAttachment(
  db: Db,
  businessId: BusinessId,
  receiptId: number,
  input: AttachmentInput,
): { id: number; created: boolean } {
  const sha = input.sha256 ?? null;
  if (sha !== null && !/^[0-9a-f]{64}$/.test(sha)) throw new Error(`Not a SHA-256 content id: ${JSON.stringify(sha)}`);
  const owner = stmt(db, 'SELECT 1 FROM receipts WHERE id = ? AND business_id = ?').get(receiptId, businessId);
  if (!owner) throw notFound(`Receipt ${receiptId}`);
  const args = {
    receiptId,
    businessId,
    filename: input.filename,
    mimeType: input.mimeType,
    size: input.size,
    gmailAttachmentId: input.gmailAttachmentId ?? null,
    partId: input.partId,
    sha,
    stored: sha === null ? 0 : 1,
  };
  const inserted = stmt(
    db,
    `INSERT INTO receipt_attachments (receipt_id, business_id, filename, mime_type, size, sha256, gmail_attachment_id, part_id, stored)
     VALUES (@receiptId, @businessId, @filename, @mimeType, @size, @sha, @gmailAttachmentId, @partId, @stored)
     ON CONFLICT (receipt_id, part_id) DO NOTHING
     RETURNING id`,
  ).get(args) as { id: number } | undefined;
  if (inserted) return { id: inserted.id, created: true };
  const updated = stmt(
    db,
    `UPDATE receipt_attachments SET filename = @filename, mime_type = @mimeType, size = @size,
       gmail_attachment_id = coalesce(@gmailAttachmentId, gmail_attachment_id),
       sha256 = coalesce(@sha, sha256), stored = max(stored, @stored)
     WHERE receipt_id = @receiptId AND business_id = @businessId AND part_id = @partId
     RETURNING id`,
  ).get(args) as { id: number };
  return { id: updated.id, created: false };
}

/** Records that an attachment's bytes are in the blob store under `sha256`. */
export function markAttachmentStored(db: Db, businessId: BusinessId, attachmentId: number, sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256 content id: ${JSON.stringify(sha256)}`);
  const info = stmt(db, 'UPDATE receipt_attachments SET sha256 = ?, stored = 1 WHERE id = ? AND business_id = ?').run(
    sha256,
    attachmentId,
    businessId,
  );
  if (info.changes === 0) throw notFound(`Attachment ${attachmentId}`);
}

// ---------------------------------------------------------------------------------------
// Reads (the Receipts page, the sync's "seen already?")

export function findReceipt(db: Db, businessId: BusinessId, id: number): Receipt | undefined {
  const row = stmt(db, `${SELECT_RECEIPT} WHERE r.id = ? AND r.business_id = ?`).get(id, businessId) as ReceiptRow | undefined;
  return row && toReceipt(row);
}

export function getReceipt(db: Db, businessId: BusinessId, id: number): Receipt {
  const receipt = findReceipt(db, businessId, id);
  if (!receipt) throw notFound(`Receipt ${id}`);
  return receipt;
}

export function findReceiptByGmailId(db: Db, businessId: BusinessId, gmailMessageId: string): Receipt | undefined {
  const row = stmt(db, `${SELECT_RECEIPT} WHERE r.business_id = ? AND r.gmail_message_id = ?`).get(businessId, gmailMessageId) as
    | ReceiptRow
    | undefined;
  return row && toReceipt(row);
}

/** Which of these Gmail message ids this business already has (one query for a listed page). */
export function knownGmailMessageIds(db: Db, businessId: BusinessId, gmailMessageIds: readonly string[]): Set<string> {
  if (!gmailMessageIds.length) return new Set();
  const rows = stmt(
    db,
    'SELECT gmail_message_id AS id FROM receipts WHERE business_id = ? AND gmail_message_id IN (SELECT value FROM json_each(?))',
  ).all(businessId, JSON.stringify(gmailMessageIds)) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

export function listAttachments(db: Db, businessId: BusinessId, receiptId: number): ReceiptAttachment[] {
  const rows = stmt(db, 'SELECT * FROM receipt_attachments WHERE receipt_id = ? AND business_id = ? ORDER BY id').all(
    receiptId,
    businessId,
  ) as AttachmentRow[];
  return rows.map(toAttachment);
}

export function getAttachment(db: Db, businessId: BusinessId, attachmentId: number): ReceiptAttachment {
  const row = stmt(db, 'SELECT * FROM receipt_attachments WHERE id = ? AND business_id = ?').get(attachmentId, businessId) as
    | AttachmentRow
    | undefined;
  if (!row) throw notFound(`Attachment ${attachmentId}`);
  return toAttachment(row);
}

/** The repository's form of the page's filters: times in ms. */
export interface ReceiptQuery {
  /** receivedAt >= from */
  from?: number | null | undefined;
  /** receivedAt < to */
  to?: number | null | undefined;
  vendor?: string | undefined;
  search?: string | undefined;
  hasAttachments?: boolean | undefined;
}

export function queryFromFilter(filter: ReceiptsFilter): ReceiptQuery {
  const { from, to } = receiptTimeBounds(filter);
  return { from, to, vendor: filter.vendor, search: filter.search, hasAttachments: filter.hasAttachments };
}

function whereFor(businessId: BusinessId, query: ReceiptQuery): { sql: string; args: unknown[] } {
  const clauses = ['r.business_id = ?'];
  const args: unknown[] = [businessId];
  if (query.from != null) {
    clauses.push('r.received_at >= ?');
    args.push(query.from);
  }
  if (query.to != null) {
    clauses.push('r.received_at < ?');
    args.push(query.to);
  }
  if (query.vendor) {
    // The column is NOCASE, so this is case-insensitive and uses receipts_by_vendor.
    clauses.push('r.vendor = ?');
    args.push(query.vendor.trim());
  }
  if (query.search) {
    const like = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push("(r.subject LIKE ? ESCAPE '\\' OR r.from_name LIKE ? ESCAPE '\\' OR r.from_address LIKE ? ESCAPE '\\')");
    args.push(like, like, like);
  }
  if (query.hasAttachments !== undefined) {
    clauses.push(`${query.hasAttachments ? '' : 'NOT '}EXISTS (SELECT 1 FROM receipt_attachments a WHERE a.receipt_id = r.id)`);
  }
  return { sql: clauses.join(' AND '), args };
}

/** Newest first. */
export function pageReceipts(db: Db, businessId: BusinessId, query: ReceiptQuery, offset: number, limit: number): Page<Receipt> {
  const w = whereFor(businessId, query);
  const total = (db.prepare(`SELECT count(*) AS n FROM receipts r WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  const rows = db
    .prepare(`${SELECT_RECEIPT} WHERE ${w.sql} ORDER BY r.received_at DESC, r.id DESC LIMIT ? OFFSET ?`)
    .all(...w.args, limit, offset) as ReceiptRow[];
  return { rows: rows.map(toReceipt), total, offset };
}

/** How many receipts match: the count a "delete all matching" confirm shows. */
export function countReceipts(db: Db, businessId: BusinessId, query: ReceiptQuery = {}): number {
  const w = whereFor(businessId, query);
  return (db.prepare(`SELECT count(*) AS n FROM receipts r WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
}

export interface ReceiptTotals {
  receipts: number;
  attachments: number;
  storedAttachments: number;
  /** Sum of the stored attachments' sizes (shared files counted per row). */
  storedBytes: number;
}

export function receiptTotals(db: Db, businessId: BusinessId): ReceiptTotals {
  const receipts = (stmt(db, 'SELECT count(*) AS n FROM receipts WHERE business_id = ?').get(businessId) as { n: number }).n;
  const a = stmt(
    db,
    `SELECT count(*) AS n, coalesce(sum(stored), 0) AS stored, coalesce(sum(CASE WHEN stored = 1 THEN size ELSE 0 END), 0) AS bytes
     FROM receipt_attachments WHERE business_id = ?`,
  ).get(businessId) as { n: number; stored: number; bytes: number };
  return { receipts, attachments: a.n, storedAttachments: a.stored, storedBytes: a.bytes };
}

/** Vendors with their receipt counts, most receipts first: the vendor filter's choices. */
export function vendorCounts(db: Db, businessId: BusinessId, limit = 500): { vendor: string; count: number }[] {
  return stmt(
    db,
    `SELECT vendor, count(*) AS count FROM receipts WHERE business_id = ? AND vendor IS NOT NULL
     GROUP BY vendor ORDER BY count DESC, vendor LIMIT ?`,
  ).all(businessId, limit) as { vendor: string; count: number }[];
}

// ---------------------------------------------------------------------------------------
// The delete task

export interface ReceiptLabel {
  id: number;
  /** What the owner recognises it by: vendor (or sender) and subject. */
  label: string;
}

const LABEL_COLUMNS = 'r.id, r.vendor, r.from_name, r.from_address, r.subject';

interface LabelRow {
  id: number;
  vendor: string | null;
  from_name: string;
  from_address: string;
  subject: string;
}

const LABEL_MAX = 200;

function toLabel(r: LabelRow): ReceiptLabel {
  const who = r.vendor || r.from_name || r.from_address;
  const text = [who, r.subject].filter(Boolean).join(' — ') || `Receipt ${r.id}`;
  return { id: r.id, label: text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text };
}

/** Matching receipts after `afterId`, in id order: the keyset a delete plans by. */
export function receiptLabelsAfter(db: Db, businessId: BusinessId, query: ReceiptQuery, afterId: number, limit: number): ReceiptLabel[] {
  const w = whereFor(businessId, query);
  const rows = db
    .prepare(`SELECT ${LABEL_COLUMNS} FROM receipts r WHERE ${w.sql} AND r.id > ? ORDER BY r.id LIMIT ?`)
    .all(...w.args, afterId, limit) as LabelRow[];
  return rows.map(toLabel);
}

/** The ones of `ids` that are this business's receipts (others, and unknown ids, are left out), in id order. */
export function receiptLabelsByIds(db: Db, businessId: BusinessId, ids: readonly number[]): ReceiptLabel[] {
  if (!ids.length) return [];
  const rows = stmt(
    db,
    `SELECT ${LABEL_COLUMNS} FROM receipts r WHERE r.business_id = ? AND r.id IN (SELECT value FROM json_each(?)) ORDER BY r.id`,
  ).all(businessId, JSON.stringify(ids)) as LabelRow[];
  return rows.map(toLabel);
}

/**
 * Deletes these receipts of this business with their attachment rows. Returns, per
 * receipt actually deleted, the shas its attachments used: the files to release (with
 * BlobStore.removeUnreferenced) once the transaction has committed. Ids that are not this
 * business's receipts (or are gone already) are not in the answer. Run it inside a
 * transaction.
 */
export function deleteReceipts(db: Db, businessId: BusinessId, ids: readonly number[]): Map<number, string[]> {
  const deleted = new Map<number, string[]>();
  if (!ids.length) return deleted;
  const list = JSON.stringify(ids);
  const attachments = stmt(
    db,
    `DELETE FROM receipt_attachments WHERE business_id = ? AND receipt_id IN (SELECT value FROM json_each(?))
     RETURNING receipt_id, sha256`,
  ).all(businessId, list) as { receipt_id: number; sha256: string | null }[];
  const receipts = stmt(
    db,
    'DELETE FROM receipts WHERE business_id = ? AND id IN (SELECT value FROM json_each(?)) RETURNING id, gmail_message_id',
  ).all(businessId, list) as { id: number; gmail_message_id: string | null }[];
  const tombstone = stmt(
    db,
    'INSERT INTO receipt_tombstones (business_id, gmail_message_id, deleted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const t = now();
  for (const r of receipts) {
    deleted.set(r.id, []);
    // Remembered so a later sync does not copy it back (see migration 006).
    if (r.gmail_message_id !== null) tombstone.run(businessId, r.gmail_message_id, t);
  }
  for (const a of attachments) {
    if (a.sha256 === null) continue;
    const shas = deleted.get(a.receipt_id);
    if (shas && !shas.includes(a.sha256)) shas.push(a.sha256);
  }
  return deleted;
}

/** The ones of these Gmail message ids whose receipt the owner deleted here. */
export function tombstonedGmailIds(db: Db, businessId: BusinessId, gmailMessageIds: readonly string[]): Set<string> {
  if (!gmailMessageIds.length) return new Set();
  const rows = stmt(
    db,
    `SELECT gmail_message_id AS id FROM receipt_tombstones
     WHERE business_id = ? AND gmail_message_id IN (SELECT value FROM json_each(?))`,
  ).all(businessId, JSON.stringify(gmailMessageIds)) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** How many Gmail receipts were deleted here (and are skipped by syncs). */
export function countTombstones(db: Db, businessId: BusinessId): number {
  return (stmt(db, 'SELECT count(*) AS n FROM receipt_tombstones WHERE business_id = ?').get(businessId) as { n: number }).n;
}

/** The owner asked to copy deleted receipts again: forget that they were deleted. */
export function clearTombstones(db: Db, businessId: BusinessId): number {
  return stmt(db, 'DELETE FROM receipt_tombstones WHERE business_id = ?').run(businessId).changes;
}

/**
 * Whether any attachment row, in any business, uses this content. The shared file store
 * needs the global answer; no row data leaves this function.
 */
export function isShaReferenced(db: Db, sha256: string): boolean {
  return stmt(db, 'SELECT 1 FROM receipt_attachments WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
}

/** The ones of these shas that some attachment row, in any business, uses (one query). */
export function referencedShas(db: Db, sha256s: readonly string[]): Set<string> {
  if (!sha256s.length) return new Set();
  const rows = stmt(
    db,
    `SELECT j.value AS sha FROM json_each(?) j
     WHERE EXISTS (SELECT 1 FROM receipt_attachments a WHERE a.sha256 = j.value)`,
  ).all(JSON.stringify(sha256s)) as { sha: string }[];
  return new Set(rows.map((r) => r.sha));
}
