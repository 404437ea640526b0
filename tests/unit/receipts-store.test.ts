/**
 * The receipts store: the content-addressed file store (atomic, injection-proof, shared
 * across businesses only at the file level) and the business-scoped repository.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { BlobStore, blobRootFor, sha256Of } from '../../main/receipts/blob-store.ts';
import {
  countReceipts,
  deleteReceipts,
  findReceiptByGmailId,
  getReceipt,
  isShaReferenced,
  knownGmailMessageIds,
  listAttachments,
  markAttachmentStored,
  pageReceipts,
  queryFromFilter,
  receiptLabelsAfter,
  receiptLabelsByIds,
  receiptTotals,
  upsertAttachment,
  upsertReceipt,
  vendorCounts,
  tombstonedGmailIds,
  countTombstones,
  clearTombstones,
} from '../../main/store/receipts-repo.ts';
import { receiptsDeleteParams } from '../../common/tasks/receipts-delete/params.ts';
import { receiptsFilter } from '../../common/receipts-filter.ts';
import { receiptsSyncParams } from '../../common/tasks/receipts-sync/params.ts';

let dir: string;
let db: Db;
let blobs: BlobStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskdeck-receipts-'));
  const dbPath = join(dir, 'taskdeck.db');
  db = openDatabase(dbPath, { migrate: true });
  blobs = new BlobStore(blobRootFor(dbPath));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

function receipt(businessId: number, n: number, extra: Partial<Parameters<typeof upsertReceipt>[2]> = {}) {
  return upsertReceipt(db, businessId, {
    source: 'gmail',
    gmailMessageId: `m${n}`,
    fromName: `Sender ${n}`,
    fromAddress: `billing${n}@example.com`,
    subject: `Invoice ${n}`,
    receivedAt: T0 + n * DAY,
    ...extra,
  });
}

describe('BlobStore', () => {
  it('stores content once under <root>/<sha[0..2]>/<sha>, atomically', () => {
    const sha = blobs.put(bytes('hello receipt'));
    expect(sha).toBe(sha256Of(bytes('hello receipt')));
    expect(blobs.path(sha)).toBe(join(dir, 'receipt-files', sha.slice(0, 2), sha));
    expect(readFileSync(blobs.path(sha), 'utf8')).toBe('hello receipt');
    expect(blobs.put(bytes('hello receipt'))).toBe(sha);
    expect(blobs.has(sha)).toBe(true);
    // No temp file is left behind by a finished write.
    expect(readdirSync(join(dir, 'receipt-files', 'tmp'))).toEqual([]);
    // Empty content is content too.
    expect(readFileSync(blobs.path(blobs.put(new Uint8Array()))).length).toBe(0);
  });

  it('refuses anything but a lowercase hex sha as a file name', () => {
    for (const bad of ['../../etc/passwd', '..', '', 'AB'.repeat(32), `${'a'.repeat(63)}/`, `${'a'.repeat(64)}\0`, 'a'.repeat(65), `..\\${'a'.repeat(60)}`]) {
      expect(() => blobs.path(bad), bad).toThrow(/SHA-256/);
      expect(() => blobs.has(bad), bad).toThrow(/SHA-256/);
      expect(() => blobs.removeIfUnreferenced(db, 1, bad), bad).toThrow(/SHA-256/);
    }
  });

  it('removes a file only when no row of any business references it', () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const sha = blobs.put(bytes('shared logo'));
    const ra = receipt(a, 1).id;
    const rb = receipt(b, 1).id;
    upsertAttachment(db, a, ra, { partId: '1', filename: 'logo.png', mimeType: 'image/png', size: 11, sha256: sha });
    upsertAttachment(db, b, rb, { partId: '1', filename: 'logo.png', mimeType: 'image/png', size: 11, sha256: sha });
    deleteReceipts(db, a, [ra]);
    // B still uses it.
    expect(blobs.removeIfUnreferenced(db, a, sha)).toBe(false);
    expect(blobs.has(sha)).toBe(true);
    deleteReceipts(db, b, [rb]);
    expect(blobs.removeIfUnreferenced(db, b, sha)).toBe(true);
    expect(blobs.has(sha)).toBe(false);
    // Already gone: not an error.
    expect(blobs.removeIfUnreferenced(db, b, sha)).toBe(false);
  });

  it('remembers deleted Gmail receipts per business, so a sync can skip them, until cleared', () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const ids = [1, 2, 3].map((n) => receipt(a, n).id);
    receipt(b, 1);
    const manual = upsertReceipt(db, a, { source: 'manual', subject: 'Cash', receivedAt: T0 }).id;
    deleteReceipts(db, a, [ids[0]!, ids[1]!, manual]);
    expect(tombstonedGmailIds(db, a, ['m1', 'm2', 'm3'])).toEqual(new Set(['m1', 'm2']));
    // B's m1 is B's own: not deleted there.
    expect(tombstonedGmailIds(db, b, ['m1'])).toEqual(new Set());
    expect(countTombstones(db, a)).toBe(2);
    // Deleting again (already gone) adds nothing.
    deleteReceipts(db, a, [ids[0]!]);
    expect(countTombstones(db, a)).toBe(2);
    expect(clearTombstones(db, a)).toBe(2);
    expect(countTombstones(db, a)).toBe(0);
  });

  it('clears temp files a crash left behind, not fresh ones', () => {
    blobs.put(bytes('x'));
    const tmp = join(dir, 'receipt-files', 'tmp');
    writeFileSync(join(tmp, 'old.partial'), 'half');
    writeFileSync(join(tmp, 'new.partial'), 'half');
    const old = (Date.now() - 2 * 3_600_000) / 1000;
    utimesSync(join(tmp, 'old.partial'), old, old);
    expect(blobs.removeStaleTemp()).toBe(1);
    expect(readdirSync(tmp)).toEqual(['new.partial']);
  });
});

describe('receipts repository', () => {
  it('upserts by (business, Gmail message id), keeping found values', () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const first = receipt(a, 1, { vendor: 'Wolt', amountMinor: 4990, currency: 'ILS' });
    expect(first.created).toBe(true);
    const again = receipt(a, 1, { subject: 'Invoice 1 (updated)', vendor: null, amountMinor: null });
    expect(again).toEqual({ id: first.id, created: false });
    expect(getReceipt(db, a, first.id)).toMatchObject({ subject: 'Invoice 1 (updated)', vendor: 'Wolt', amountMinor: 4990, currency: 'ILS' });
    // The same message in another business is another receipt.
    expect(receipt(b, 1).created).toBe(true);
    expect(findReceiptByGmailId(db, a, 'm1')?.id).toBe(first.id);
    expect([...knownGmailMessageIds(db, a, ['m1', 'm2'])]).toEqual(['m1']);
    expect(() => upsertReceipt(db, a, { source: 'gmail', receivedAt: T0 })).toThrow(/message id/);
    expect(() => receipt(a, 9, { amountMinor: 1, currency: 'shekel' })).toThrow(/currency/);
    // Manual receipts have no message id and never merge.
    expect(upsertReceipt(db, a, { source: 'manual', receivedAt: T0 }).created).toBe(true);
    expect(upsertReceipt(db, a, { source: 'manual', receivedAt: T0 }).created).toBe(true);
  });

  it('upserts attachments per receipt part, scoped by business', () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const r = receipt(a, 1).id;
    const pending = upsertAttachment(db, a, r, { partId: '1', filename: 'invoice.pdf', mimeType: 'application/pdf', size: 100, gmailAttachmentId: 'att-1' });
    expect(pending.created).toBe(true);
    expect(listAttachments(db, a, r)).toEqual([expect.objectContaining({ filename: 'invoice.pdf', sha256: null, stored: false })]);
    const sha = blobs.put(bytes('pdf bytes'));
    markAttachmentStored(db, a, pending.id, sha);
    expect(listAttachments(db, a, r)[0]).toMatchObject({ sha256: sha, stored: true });
    // A repeat without the sha does not forget it.
    expect(upsertAttachment(db, a, r, { partId: '1', filename: 'invoice.pdf', mimeType: 'application/pdf', size: 100 })).toEqual({ id: pending.id, created: false });
    expect(listAttachments(db, a, r)[0]).toMatchObject({ sha256: sha, stored: true });
    // Another business cannot attach to, list, or mark A's receipt.
    expect(() => upsertAttachment(db, b, r, { partId: '2', filename: 'x', mimeType: 'x', size: 1 })).toThrow(/not found/i);
    expect(listAttachments(db, b, r)).toEqual([]);
    expect(() => markAttachmentStored(db, b, pending.id, sha)).toThrow(/not found/i);
    expect(() => markAttachmentStored(db, a, pending.id, 'nope')).toThrow(/SHA-256/);
  });

  it('pages with filters: dates, vendor (any case), search, attachments; counts agree', () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    for (let n = 1; n <= 30; n++) {
      const { id } = receipt(a, n, { vendor: n % 3 === 0 ? 'Wolt' : 'Paz', subject: n === 7 ? 'Tax invoice 50%_off' : `Invoice ${n}` });
      if (n % 2 === 0) upsertAttachment(db, a, id, { partId: '1', filename: `${n}.pdf`, mimeType: 'application/pdf', size: 10, sha256: blobs.put(bytes(`f${n}`)) });
    }
    receipt(b, 1, { vendor: 'Wolt' });
    const all = pageReceipts(db, a, {}, 0, 100);
    expect(all.total).toBe(30);
    expect(all.rows[0]!.receivedAt).toBeGreaterThan(all.rows[1]!.receivedAt);
    expect(all.rows.every((r) => r.businessId === a)).toBe(true);
    expect(pageReceipts(db, a, { vendor: 'wOLT' }, 0, 100).total).toBe(10);
    expect(pageReceipts(db, a, { hasAttachments: true }, 0, 100).total).toBe(15);
    expect(pageReceipts(db, a, { hasAttachments: false }, 0, 100).total).toBe(15);
    expect(pageReceipts(db, a, { search: '50%_' }, 0, 100).rows.map((r) => r.subject)).toEqual(['Tax invoice 50%_off']);
    expect(pageReceipts(db, a, { search: 'billing12@' }, 0, 100).total).toBe(1);
    const window = queryFromFilter(receiptsFilter.parse({ after: new Date(T0 + 10 * DAY).toISOString(), before: new Date(T0 + 20 * DAY).toISOString() }));
    expect(pageReceipts(db, a, window, 0, 100).total).toBe(10);
    expect(countReceipts(db, a, window)).toBe(10);
    expect(pageReceipts(db, a, {}, 25, 10)).toMatchObject({ total: 30, offset: 25 });
    expect(pageReceipts(db, a, {}, 25, 10).rows).toHaveLength(5);
    expect(pageReceipts(db, a, { hasAttachments: true }, 0, 1).rows[0]!.attachmentCount).toBe(1);
    expect(vendorCounts(db, a)).toEqual([
      { vendor: 'Paz', count: 20 },
      { vendor: 'Wolt', count: 10 },
    ]);
    expect(receiptTotals(db, a)).toEqual({ receipts: 30, attachments: 15, storedAttachments: 15, storedBytes: 150 });
    expect(countReceipts(db, b)).toBe(1);
  });

  it('labels and deletes only this business’s receipts, returning the shas to release', () => {
    const a = createBusiness(db, 'A').id;
    const b = createBusiness(db, 'B').id;
    const shared = blobs.put(bytes('shared'));
    const ra = receipt(a, 1, { vendor: 'Wolt' }).id;
    const rb = receipt(b, 2).id;
    const own = blobs.put(bytes('own'));
    upsertAttachment(db, a, ra, { partId: '1', filename: 'a.pdf', mimeType: 'application/pdf', size: 3, sha256: own });
    upsertAttachment(db, a, ra, { partId: '2', filename: 'b.pdf', mimeType: 'application/pdf', size: 6, sha256: shared });
    upsertAttachment(db, a, ra, { partId: '3', filename: 'c.pdf', mimeType: 'application/pdf', size: 6, sha256: shared });
    upsertAttachment(db, a, ra, { partId: '4', filename: 'later.pdf', mimeType: 'application/pdf', size: 6 });
    upsertAttachment(db, b, rb, { partId: '1', filename: 'b.pdf', mimeType: 'application/pdf', size: 6, sha256: shared });
    expect(receiptLabelsByIds(db, a, [rb, ra, 999])).toEqual([{ id: ra, label: 'Wolt — Invoice 1' }]);
    expect(receiptLabelsAfter(db, a, {}, 0, 10).map((l) => l.id)).toEqual([ra]);

    const deleted = db.transaction(() => deleteReceipts(db, a, [ra, rb, 999]))();
    expect([...deleted.keys()]).toEqual([ra]);
    expect(deleted.get(ra)!.sort()).toEqual([own, shared].sort());
    expect(countReceipts(db, a)).toBe(0);
    expect(countReceipts(db, b)).toBe(1);
    expect(isShaReferenced(db, own)).toBe(false);
    expect(isShaReferenced(db, shared)).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM receipt_attachments WHERE business_id = ?').get(a)).toEqual({ n: 0 });
  });
});

describe('receipts params', () => {
  it('takes exactly one of ids or filter, with limits and clear errors', () => {
    expect(receiptsDeleteParams.safeParse({ ids: [1, 2] }).success).toBe(true);
    expect(receiptsDeleteParams.safeParse({ filter: {} }).success).toBe(true);
    expect(receiptsDeleteParams.safeParse({ filter: { before: '2025-01-01', vendor: 'Wolt' } }).success).toBe(true);
    expect(receiptsDeleteParams.safeParse({ filter: { after: '2025-01-01T00:00:00+02:00' } }).success).toBe(true);
    expect(receiptsDeleteParams.safeParse({ ids: [1], filter: {} }).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({}).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({ ids: [] }).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({ ids: [0] }).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({ ids: Array.from({ length: 100_001 }, (_, i) => i + 1) }).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({ filter: { before: 'yesterday' } }).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({ filter: { after: '2025-02-01', before: '2025-01-01' } }).success).toBe(false);
    expect(receiptsDeleteParams.safeParse({ filter: { vendor: 'x', gmail: true } }).success).toBe(false);
  });

  it('sync params have real defaults', () => {
    const p = receiptsSyncParams.parse({});
    expect(p.months).toBe(12);
    expect(p.query).toMatch(/has:attachment/);
    expect(receiptsSyncParams.safeParse({ months: 0 }).success).toBe(false);
  });
});
