/** Which local receipt copies a receipts-delete task removes. */
import { z } from 'zod';
import { receiptsFilter } from '../../receipts-filter.ts';

export const RECEIPTS_DELETE_MAX_IDS = 100_000;

/**
 * Deletes the business's LOCAL copies of receipts (rows and attachment files) in
 * batches. It never deletes, moves or labels mail in Gmail: the Gmail scope is read-only.
 * Exactly one of: the selected receipt ids, or every receipt matching a filter (an empty
 * filter means all of the business's receipts). The matching set is fixed when the task
 * plans, so receipts synced afterwards are kept.
 */
export const receiptsDeleteParams = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(RECEIPTS_DELETE_MAX_IDS) }).strict(),
  z.object({ filter: receiptsFilter }).strict(),
]);

export type ReceiptsDeleteParams = z.infer<typeof receiptsDeleteParams>;
