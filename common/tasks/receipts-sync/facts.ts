/** Copying receipts from the business's Gmail (read-only): one item per Gmail message. */
import { z } from 'zod';
import { defineKindFacts } from '../kind.ts';
import { receiptsSyncParams } from './params.ts';

/** The item's subject is the Gmail message id; nothing else is needed to fetch it. */
export const receiptsSyncItemPayload = z.object({}).strict();
/** The local receipt the message became. */
export const receiptsSyncItemResult = z.object({ receiptId: z.number().int().nullable() });
export type ReceiptsSyncItemResult = z.infer<typeof receiptsSyncItemResult>;

export const receiptsSyncFacts = defineKindFacts({
  id: 'receipts-sync',
  input: receiptsSyncParams,
  params: receiptsSyncParams,
  sideEffect: 'repeatable',
  perBusiness: 1,
  retryFailed: false,
  details: 'items',
  item: { payload: receiptsSyncItemPayload, result: receiptsSyncItemResult },
  words: {
    invalidInput: 'syncInvalid',
    finished: 'alertFinishedReceiptsSync',
    succeeded: 'alertCountSaved',
    failed: 'alertCountFailed',
    skipped: 'alertCountSkipped',
    waitingForAccount: 'alertWaitingForGmail',
  },
});
