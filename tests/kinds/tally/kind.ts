/** The tally's main side: its title, its runner, its ledger as the provider to ask, its CLI start. */
import { verbatim } from '../../../common/messages.ts';
import { defineMainKind } from '../../../main/tasks/kind.ts';
import { tallyFacts } from './facts.ts';
import { readLedger } from './ledger.ts';

const number = (value: unknown): number | undefined => (typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined);

export const tallyKind = defineMainKind({
  facts: tallyFacts,
  create: (ctx, input) => ({ title: verbatim(ctx.title ?? `Count to ${input.count}`), params: input }),
  runner: async () => (await import('./runner.ts')).runTally,
  askProvider(_db, task, itemIds) {
    const params = tallyFacts.params.parse(JSON.parse(task.params));
    const counted = new Set(readLedger(params.ledger).filter((l) => l.taskId === task.id).map((l) => l.itemId));
    return itemIds.map((itemId) => ({ itemId, sent: counted.has(itemId) }));
  },
  cli: {
    command: 'tally start',
    usage: 'tally start -b <id> --count n --ledger <file> [--delay ms] [--title t]',
    options: { count: { type: 'string' }, ledger: { type: 'string' }, delay: { type: 'string' } },
    toInput: (values) => ({ count: number(values.count), ledger: values.ledger, delayMs: number(values.delay) }),
    title: (values) => (typeof values.title === 'string' ? values.title : undefined),
  },
});
