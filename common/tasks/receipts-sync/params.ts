/** What a receipts sync copies from the business's Gmail. */
import { z } from 'zod';

/** Gmail search for receipts and invoices (English and Hebrew words) that carry a file. */
export const DEFAULT_RECEIPTS_QUERY = 'has:attachment {receipt invoice "tax invoice" חשבונית קבלה}';

export const DEFAULT_RECEIPTS_MONTHS = 12;

/**
 * Copies receipts from the business's Gmail (read-only) into the local store. The first
 * run lists messages matching `query` from the last `months` months; later runs are
 * incremental from the stored history id.
 */
export const receiptsSyncParams = z
  .object({
    /** Gmail search syntax, as typed in Gmail's search box. */
    query: z.string().trim().min(1).max(1000).default(DEFAULT_RECEIPTS_QUERY),
    /** How far back the first (full) sync looks. */
    months: z.number().int().min(1).max(120).default(DEFAULT_RECEIPTS_MONTHS),
    /**
     * Messages fetched per second. 25 keeps a message and its attachment (10 quota units)
     * well under Gmail's per-user limit; quota answers slow it down further.
     */
    ratePerSecond: z.number().min(1).max(500).default(25),
    /**
     * Copy again the receipts the owner deleted here. Without it a sync skips them (they
     * are remembered as deleted); with it they are forgotten as deleted and the sync lists
     * the whole query again, since Gmail's history would not mention old mail.
     */
    reimportDeleted: z.boolean().default(false),
  })
  .strict();

export type ReceiptsSyncParams = z.infer<typeof receiptsSyncParams>;
