/** A WhatsApp (or test-mode) broadcast: one message per recipient, each at most once. */
import { z } from 'zod';
import { defineKindFacts } from '../kind.ts';
import { broadcastParams } from './params.ts';

/** What a recipient's item carries: the contact it came from and the values its message is filled with. */
export const broadcastItemPayload = z.object({
  contactId: z.number().int().nullable(),
  vars: z.record(z.string(), z.string()),
});
export type BroadcastItemPayload = z.infer<typeof broadcastItemPayload>;

/** A sent message: the provider's id for it (WhatsApp's wamid, test mode's outbox id). */
export const broadcastItemResult = z.object({ providerRef: z.string().nullable() });
export type BroadcastItemResult = z.infer<typeof broadcastItemResult>;

export const broadcastFacts = defineKindFacts({
  id: 'broadcast',
  input: broadcastParams,
  params: broadcastParams,
  sideEffect: 'leaves-machine',
  perBusiness: 1,
  // Its recipients (and their opt-outs) come from the contacts.
  data: { reads: ['contacts'] },
  retryFailed: true,
  retryLeavesAlone: 'opted-out-recipients',
  details: 'items',
  item: { payload: broadcastItemPayload, result: broadcastItemResult },
  words: {
    invalidInput: 'broadcastInvalid',
    finished: 'alertFinishedBroadcast',
    succeeded: 'alertCountSent',
    failed: 'alertCountFailed',
    skipped: 'alertCountSkipped',
    waitingForAccount: 'alertWaitingForAccount',
  },
});
