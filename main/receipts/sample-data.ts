/**
 * Sample receipts for tests, benches and demos, written through the real repository
 * and blob store. Each receipt gets its own PDF-ish file; every `shareEvery`-th one also
 * carries a second file with shared content (the same bytes in every receipt that has it,
 * in any business that uses the same `sharedContent`), the way a vendor's logo or terms
 * sheet repeats across mails.
 */
import type { BusinessId } from '../../common/model.ts';
import type { Db } from '../store/db.ts';
import { upsertAttachment, upsertReceipt } from '../store/receipts-repo.ts';
import type { BlobStore } from './blob-store.ts';

export interface SampleOptions {
  /** Gmail message ids are `<prefix><n>`; distinct per business in one database. */
  messagePrefix?: string;
  /** Every n-th receipt also carries the shared file (0: none). */
  shareEvery?: number;
  sharedContent?: string;
  vendors?: readonly string[];
  /** received_at of receipt 1; each next one an hour later. */
  firstReceivedAt?: number;
}

export interface SampleResult {
  /** Receipt ids, in creation order. */
  ids: number[];
  /** Receipt id → the shas of its files. */
  shasOf: Map<number, string[]>;
  sharedSha: string | null;
}

const ROWS_PER_TRANSACTION = 5000;

export function seedSampleReceipts(db: Db, blobs: BlobStore, businessId: BusinessId, n: number, options: SampleOptions = {}): SampleResult {
  const prefix = options.messagePrefix ?? `b${businessId}-m`;
  const shareEvery = options.shareEvery ?? 0;
  const vendors = options.vendors ?? ['Wolt', 'Super-Pharm', 'Bezeq', 'Paz', 'Office Depot'];
  const first = options.firstReceivedAt ?? Date.UTC(2024, 0, 1);
  const shared = shareEvery > 0 ? new TextEncoder().encode(options.sharedContent ?? 'Shared terms and conditions, page 1 of 1') : null;
  const sharedSha = shared ? blobs.put(shared) : null;
  const result: SampleResult = { ids: [], shasOf: new Map(), sharedSha };
  for (let start = 1; start <= n; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(n, start + ROWS_PER_TRANSACTION - 1);
    // Files first, outside the transaction, as a sync would.
    const own: string[] = [];
    for (let i = start; i <= end; i++) own.push(blobs.put(new TextEncoder().encode(`%PDF-sample receipt ${prefix}${i} for business ${businessId}`)));
    db.transaction(() => {
      for (let i = start; i <= end; i++) {
        const vendor = vendors[i % vendors.length]!;
        const { id } = upsertReceipt(db, businessId, {
          source: 'gmail',
          gmailMessageId: `${prefix}${i}`,
          gmailThreadId: `${prefix}${i}`,
          fromName: vendor,
          fromAddress: `billing@${vendor.toLowerCase().replace(/[^a-z]/g, '')}.example`,
          subject: `Your receipt #${i}`,
          receivedAt: first + (i - 1) * 3_600_000,
          vendor,
          amountMinor: 1000 + (i % 500) * 7,
          currency: 'ILS',
          snippet: `Thank you for your order #${i}`,
        });
        const sha = own[i - start]!;
        upsertAttachment(db, businessId, id, { partId: '1', filename: `receipt-${i}.pdf`, mimeType: 'application/pdf', size: 60, sha256: sha });
        const shas = [sha];
        if (sharedSha && i % shareEvery === 0) {
          upsertAttachment(db, businessId, id, { partId: '2', filename: 'terms.pdf', mimeType: 'application/pdf', size: shared!.length, sha256: sharedSha });
          shas.push(sharedSha);
        }
        result.ids.push(id);
        result.shasOf.set(id, shas);
      }
    }).immediate();
  }
  return result;
}
