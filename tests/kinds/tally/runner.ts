/** The tally, in its worker: plan the numbers as items (resumably), then count each once. */
import { insertItems } from '../../../main/store/items-repo.ts';
import { abortableSleep } from '../../../main/worker/abortable-sleep.ts';
import { pumpItems } from '../../../main/worker/item-pump.ts';
import type { TaskContext } from '../../../main/worker/task-context.ts';
import { tallyFacts, tallyItemPayload } from './facts.ts';
import { appendToLedger, readLedger } from './ledger.ts';

const PLAN_CHUNK = 1000;

export async function runTally(ctx: TaskContext): Promise<void> {
  const params = tallyFacts.params.parse(JSON.parse(ctx.task.params));
  if (ctx.task.phase === 'plan') {
    for (let from = ctx.task.plan_cursor + 1; from <= params.count; from += PLAN_CHUNK) {
      if (ctx.stopping) return;
      const to = Math.min(params.count, from + PLAN_CHUNK - 1);
      const items = Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, subject: `#${from + i}`, payload: { n: from + i }, dedupeKey: String(from + i) }));
      ctx.commit(() => insertItems(ctx.db, ctx.taskId, ctx.businessId, items, { duplicate: 'drop' }), { total: items.length }, { planCursor: to });
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ctx.stopping) return;
    ctx.commit(() => undefined, {}, { phase: 'send' });
  }
  let lines = readLedger(params.ledger).length;
  await pumpItems(ctx, {
    window: params.lanes + 4,
    concurrency: params.lanes,
    ratePerSecond: 100_000,
    async perform(item, signal) {
      if (params.delayMs && !(await abortableSleep(params.delayMs, signal))) return { kind: 'released' };
      const { n } = tallyItemPayload.parse(item.payload);
      appendToLedger(params.ledger, { businessId: ctx.businessId, taskId: ctx.taskId, itemId: item.id, n });
      return { kind: 'done', result: { line: ++lines } };
    },
    waitForNetwork: async () => {},
  });
}
