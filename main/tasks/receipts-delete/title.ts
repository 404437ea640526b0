/**
 * What a receipts-delete task says about itself before it runs: how many receipts it would
 * remove (the confirm step's number) and a title that says how many, which, and that only
 * local copies go (mail in Gmail is never deleted: the connection is read-only).
 */
import type { Message } from '../../../common/messages.ts';
import type { BusinessId } from '../../../common/model.ts';
import { reason } from '../../../common/reasons.ts';
import type { ReceiptsDeleteParams } from '../../../common/tasks/receipts-delete/params.ts';
import type { Db } from '../../store/db.ts';
import { countReceipts, queryFromFilter, receiptLabelsByIds } from '../../store/receipts-repo.ts';

/** How many receipts a delete would remove now: the number the confirm step shows. */
export function countReceiptsToDelete(db: Db, businessId: BusinessId, params: ReceiptsDeleteParams): number {
  if ('filter' in params) return countReceipts(db, businessId, queryFromFilter(params.filter));
  const ids = [...new Set(params.ids)];
  let n = 0;
  for (let i = 0; i < ids.length; i += 5000) n += receiptLabelsByIds(db, businessId, ids.slice(i, i + 5000)).length;
  return n;
}

export function receiptsDeleteTitle(params: ReceiptsDeleteParams, count: number): Message {
  const conditions: Message[] = [];
  if ('filter' in params) {
    const f = params.filter;
    if (f.vendor) conditions.push(reason('whichFromVendor', { vendor: f.vendor }));
    if (f.after) conditions.push(reason('whichSince', { date: f.after.slice(0, 10) }));
    if (f.before) conditions.push(reason('whichBefore', { date: f.before.slice(0, 10) }));
    if (f.search) conditions.push(reason('whichMatching', { search: f.search }));
  }
  // The conditions in their order, each a sentence: "from Wolt since 2026-01-01".
  const which = conditions.reduceRight<Message | null>((rest, first) => (rest ? reason('whichBoth', { first, then: rest }) : first), null);
  if (count === 1) return which ? reason('titleDeleteOneReceiptWhich', { which }) : reason('titleDeleteOneReceipt');
  return which ? reason('titleDeleteReceiptsWhich', { count, which }) : reason('titleDeleteReceipts', { count });
}
