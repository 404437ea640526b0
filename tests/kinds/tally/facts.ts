/**
 * "Tally": a task kind that exists only in tests, to show that a kind is one folder plus
 * one registry line per process. It counts from 1 to `count`; each number is an item whose
 * side effect leaves the machine: a line appended to a ledger file outside the database
 * (so a crash between the append and the commit is real, as with a message sent). Its
 * ledger answers "was it done?" for items in doubt, as test mode's outbox does.
 */
import { z } from 'zod';
import { defineKindFacts } from '../../../common/tasks/kind.ts';

export const tallyInput = z
  .object({
    count: z.number().int().min(1).max(200_000),
    /** Where each counted number is written: `<business> <task> <item> <n>` per line. */
    ledger: z.string().min(1).max(4096),
    /** How long counting one number takes, so a test can stop it midway. */
    delayMs: z.number().int().min(0).max(1000).default(0),
    lanes: z.number().int().min(1).max(16).default(2),
  })
  .strict();
export type TallyParams = z.output<typeof tallyInput>;

export const tallyItemPayload = z.object({ n: z.number().int() });
export const tallyItemResult = z.object({ line: z.number().int() });

export const tallyFacts = defineKindFacts({
  id: 'test-tally',
  input: tallyInput,
  params: tallyInput,
  sideEffect: 'leaves-machine',
  perBusiness: 1,
  retryFailed: true,
  details: 'items',
  item: { payload: tallyItemPayload, result: tallyItemResult },
  words: {
    finished: 'alertFinishedTask',
    succeeded: 'alertCountDone',
    failed: 'alertCountFailed',
    skipped: 'alertCountSkipped',
    waitingForAccount: 'alertWaitingForAccount',
  },
});
