/** Deleting local receipt copies (never mail in Gmail): one item per receipt. */
import { z } from 'zod';
import { defineKindFacts } from '../kind.ts';
import { receiptsDeleteParams } from './params.ts';

export const receiptsDeleteItemPayload = z.object({ receiptId: z.number().int() });
export type ReceiptsDeleteItemPayload = z.infer<typeof receiptsDeleteItemPayload>;
/** The attachment files (sha-256) its deletion released: removed unless another receipt still uses them. */
export const receiptsDeleteItemResult = z.object({ releasedShas: z.array(z.string()) });
export type ReceiptsDeleteItemResult = z.infer<typeof receiptsDeleteItemResult>;

export const receiptsDeleteFacts = defineKindFacts({
  id: 'receipts-delete',
  input: receiptsDeleteParams,
  params: receiptsDeleteParams,
  sideEffect: 'repeatable',
  perBusiness: 1,
  retryFailed: false,
  details: 'items',
  item: { payload: receiptsDeleteItemPayload, result: receiptsDeleteItemResult },
  words: {
    invalidInput: 'receiptsChooseWhich',
    finished: 'alertFinishedReceiptsDelete',
    succeeded: 'alertCountDeleted',
    failed: 'alertCountFailed',
    skipped: 'alertCountSkipped',
    waitingForAccount: 'alertWaitingForAccount',
  },
});
