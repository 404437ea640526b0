/**
 * The broadcast task: plan the recipients into items (once, resumably), then send
 * each pending item through the provider at the configured rate. Network errors
 * never fail an item: the task waits (offline) and goes on by itself.
 */
import { broadcastParams, renderTemplate, type BroadcastParams } from '../../../common/tasks/params.ts';
import { createProvider } from '../../providers/registry.ts';
import type { Provider } from '../../providers/provider.ts';
import { abortableSleep } from '../../worker/abortable-sleep.ts';
import { pumpItems, type ClaimedItem, type ItemOutcome } from '../../worker/item-pump.ts';
import type { TaskContext } from '../../worker/task-context.ts';
import { planFromContacts } from './recipients.ts';

export const MAX_TRIES = 3;
const RETRY_BASE_MS = 250;

export async function runBroadcast(ctx: TaskContext): Promise<void> {
  const params = broadcastParams.parse(JSON.parse(ctx.task.params));
  if (ctx.task.phase === 'plan') {
    if (params.recipients.type === 'csv') await (await import('./csv-recipients.ts')).planFromCsv(ctx, params);
    else await planFromContacts(ctx, params);
    if (ctx.stopping) return;
    ctx.commit(() => undefined, {}, { phase: 'send' });
  }
  const provider = createProvider(ctx.dbPath, params.provider);
  try {
    await pumpItems(ctx, {
      window: windowFor(params),
      concurrency: params.concurrency,
      ratePerSecond: params.rate,
      perform: (item, signal) => sendItem(ctx, provider, params, item, signal),
      waitForNetwork: (reason) => waitForNetwork(ctx, provider, reason),
    });
  } finally {
    provider.close?.();
  }
}

/**
 * About a tenth of a second of work: large enough to amortise the commit, small
 * enough that a crash leaves few items in doubt.
 */
export function windowFor(params: Pick<BroadcastParams, 'rate' | 'concurrency'>): number {
  return Math.max(params.concurrency, Math.min(2048, Math.ceil(params.rate / 10)));
}

async function sendItem(
  ctx: TaskContext,
  provider: Provider,
  params: BroadcastParams,
  item: ClaimedItem,
  signal: AbortSignal,
): Promise<ItemOutcome> {
  const rendered = renderTemplate(params.template, item.vars);
  // Planning skipped rows with missing values; a hand-edited row still must not go out with holes.
  if (!rendered.ok) return { kind: 'failed', reason: `No value for ${rendered.missing.join(', ')}` };
  let lastReason = '';
  for (let tryNo = 1; tryNo <= MAX_TRIES; tryNo++) {
    const outcome = await provider.send(
      { businessId: ctx.businessId, taskId: ctx.taskId, itemId: item.id, phone: item.phone, body: rendered.text, attempt: item.attempts + tryNo },
      signal,
    );
    switch (outcome.kind) {
      case 'sent':
        return { kind: 'done', providerRef: outcome.providerRef };
      case 'rejected':
        return { kind: 'failed', reason: outcome.reason };
      case 'not-sent':
        return { kind: 'released' };
      case 'offline':
        return { kind: 'released', offline: outcome.reason };
      case 'unknown':
        return { kind: 'in_doubt', reason: outcome.reason };
      case 'retry': {
        lastReason = outcome.reason;
        if (tryNo === MAX_TRIES) break;
        const backoff = outcome.retryAfterMs ?? RETRY_BASE_MS * 2 ** (tryNo - 1) * (0.5 + Math.random());
        if (!(await abortableSleep(backoff, signal))) return { kind: 'released' };
      }
    }
  }
  return { kind: 'failed', reason: `Gave up after ${MAX_TRIES} tries: ${lastReason}` };
}

const OFFLINE_BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

async function waitForNetwork(ctx: TaskContext, provider: Provider, reason: string): Promise<void> {
  ctx.setWaiting('offline', `${reason}. Waiting for the network; sending goes on by itself when it is back.`);
  for (let i = 0; !ctx.stopping; i++) {
    const delay = OFFLINE_BACKOFF_MS[Math.min(i, OFFLINE_BACKOFF_MS.length - 1)]!;
    if (!(await abortableSleep(delay, ctx.signal))) return;
    if ((await provider.probe(ctx.signal)) === 'online') {
      ctx.setRunning();
      return;
    }
  }
}
