/**
 * Creating a receipts-delete task, for TaskService (window and CLI share the rules): the
 * confirm step's count, validation with clear errors, and a title that says it deletes
 * local copies only. Mail in Gmail is never deleted: the connection is read-only.
 */
import type { Message } from '../../common/messages.ts';
import type { BusinessId } from '../../common/model.ts';
import { reason } from '../../common/reasons.ts';
import { TaskdeckError } from '../../common/result.ts';
import { receiptsDeleteParams, type ReceiptsDeleteParams } from '../../common/tasks/receipts-delete/params.ts';
import { getBusiness } from '../store/businesses-repo.ts';
import type { Db } from '../store/db.ts';
import { countReceipts, queryFromFilter, receiptLabelsByIds } from '../store/receipts-repo.ts';
import { createTask, type TaskRow } from '../store/tasks-repo.ts';

export function parseReceiptsDelete(input: unknown): ReceiptsDeleteParams {
  const parsed = receiptsDeleteParams.safeParse(input);
  if (!parsed.success) {
    throw new TaskdeckError(
      'bad_input',
      'Choose the receipts to delete: either "ids" or a "filter", not both',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

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

/** Validates, counts and creates the task (queued). The caller wakes the supervisor. */
export function createReceiptsDeleteTask(db: Db, businessId: BusinessId, input: unknown, title?: Message): { task: TaskRow; count: number } {
  getBusiness(db, businessId);
  const params = parseReceiptsDelete(input);
  const count = countReceiptsToDelete(db, businessId, params);
  const task = createTask(db, { businessId, kind: 'receipts-delete', title: title ?? receiptsDeleteTitle(params, count), params });
  return { task, count };
}
