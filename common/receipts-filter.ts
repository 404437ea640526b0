/** The Receipts page's filters: the list, the confirm count and "delete all matching" read the same ones. */
import { z } from 'zod';

/** Longest vendor or search text of the Receipts filters. */
export const RECEIPTS_FILTER_TEXT_MAX = 200;

/** A calendar date (YYYY-MM-DD, midnight UTC) or a date-time with its offset (2025-03-01T00:00:00+02:00). */
export const isoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The Receipts page's filters; "delete all matching" uses the same ones, so the counts agree. */
export const receiptsFilter = z
  .object({
    /** Received at or after this moment. */
    after: isoDateOrDateTime.optional(),
    /** Received before this moment (exclusive). */
    before: isoDateOrDateTime.optional(),
    /** Exact vendor, case-insensitive. */
    vendor: z.string().trim().min(1).max(RECEIPTS_FILTER_TEXT_MAX).optional(),
    /** Substring of the subject, sender name or sender address, case-insensitive. */
    search: z.string().trim().min(1).max(RECEIPTS_FILTER_TEXT_MAX).optional(),
    hasAttachments: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.after === undefined || f.before === undefined || Date.parse(f.after) < Date.parse(f.before), {
    message: '"after" must be earlier than "before"',
    path: ['after'],
  });

export type ReceiptsFilter = z.infer<typeof receiptsFilter>;

/** Milliseconds bounds of a filter's dates: receivedAt >= from and < to. */
export function receiptTimeBounds(filter: Pick<ReceiptsFilter, 'after' | 'before'>): { from: number | null; to: number | null } {
  return {
    from: filter.after === undefined ? null : Date.parse(filter.after),
    to: filter.before === undefined ? null : Date.parse(filter.before),
  };
}
