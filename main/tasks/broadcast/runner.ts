/**
 * The broadcast task: plan the recipients into items (once, resumably), then send
 * each pending item through the provider at the configured rate. Network errors
 * never fail an item: the task waits (offline) and goes on by itself.
 */
import type { Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import type { BroadcastItemPayload, BroadcastItemResult } from '../../../common/tasks/broadcast/facts.ts';
import { broadcastParams, renderTemplate, type BroadcastParams } from '../../../common/tasks/broadcast/params.ts';
import { isOptedOut, markOptedOut } from '../../store/contacts-repo.ts';
import { createProvider } from '../../providers/registry.ts';
import type { Provider } from '../../providers/provider.ts';
import { abortableSleep } from '../../worker/abortable-sleep.ts';
import { pumpItems, type ClaimedItem, type ItemOutcome } from '../../worker/item-pump.ts';
import type { TaskContext } from '../../worker/task-context.ts';
import { planFromContacts, SKIP } from './recipients.ts';

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
  const provider = createProvider({ db: ctx.db, dbPath: ctx.dbPath, secrets: ctx.secrets, rate: params.rate }, params.provider);
  const pace = new PaceDisplay(ctx, provider);
  const lanes = lanesFor(params);
  try {
    await pumpItems(ctx, {
      window: windowFor(params.rate, lanes),
      concurrency: lanes,
      // A WhatsApp number's own rate controller paces (and slows down on throughput
      // errors); the pump's bucket must not add a second, stricter limit.
      ratePerSecond: params.provider.type === 'whatsapp' ? params.rate * 2 : params.rate,
      perform: (item, signal) => sendItem(ctx, provider, params, item, signal, pace),
      waitForNetwork: (why) => waitForNetwork(ctx, provider, why),
    });
  } finally {
    provider.close?.();
  }
}

/**
 * Each lane waits for the provider's answer, so a rate needs rate × latency requests in
 * flight (Little's law). WhatsApp answers in tens to hundreds of milliseconds: budget a
 * quarter second, so 80 messages/s keeps 20 requests in flight.
 */
export const WHATSAPP_LATENCY_BUDGET_S = 0.25;
const MAX_LANES = 64;

export function lanesFor(params: Pick<BroadcastParams, 'rate' | 'concurrency' | 'provider'>): number {
  if (params.provider.type !== 'whatsapp') return params.concurrency;
  return Math.min(MAX_LANES, Math.max(params.concurrency, Math.ceil(params.rate * WHATSAPP_LATENCY_BUDGET_S)));
}

/**
 * The claim window: the lanes plus about a tenth of a second of work. The slack lets a
 * flush claim several items at once instead of one per finished request (one fsync per
 * message at WhatsApp rates otherwise); it is also what a crash can leave in doubt.
 */
export function windowFor(rate: number, lanes: number): number {
  return lanes + Math.min(2048, Math.ceil(rate / 10));
}

/** Retries that burn no try (throughput) still end somewhere: back to pending. */
const MAX_FREE_RETRIES = 50;
/** A recipient's wait when the provider does not say how long (Meta: one message per 6 s per pair). */
const RECIPIENT_WAIT_MS = 6000;

async function sendItem(
  ctx: TaskContext,
  provider: Provider,
  params: BroadcastParams,
  item: ClaimedItem,
  signal: AbortSignal,
  pace: PaceDisplay,
): Promise<ItemOutcome> {
  // A WhatsApp template is filled by the provider from the item's vars; otherwise the text is ours.
  const usesTemplate = params.provider.type === 'whatsapp' && params.provider.template !== undefined;
  const payload = item.payload as BroadcastItemPayload;
  // Opted out since it was planned (while it ran or was paused, or before Retry failed):
  // the plan is old news, the contact's wish is not. Read at the last moment before sending.
  if (isOptedOut(ctx.db, ctx.businessId, { contactId: payload.contactId, phone: item.subject })) return { kind: 'skipped', reason: SKIP.optedOut };
  const rendered = usesTemplate ? ({ ok: true, text: '' } as const) : renderTemplate(params.template, payload.vars);
  // Planning skipped rows with missing values; a hand-edited row still must not go out with holes.
  if (!rendered.ok) return { kind: 'failed', reason: reason('noValueFor', { fields: rendered.missing.join(', ') }) };
  let lastReason: Message;
  let tries = 0;
  let freeRetries = 0;
  for (;;) {
    const outcome = await provider.send(
      {
        businessId: ctx.businessId,
        taskId: ctx.taskId,
        itemId: item.id,
        phone: item.subject,
        body: rendered.text,
        attempt: item.attempts + tries + freeRetries + 1,
        name: item.label,
        vars: payload.vars,
      },
      signal,
    );
    switch (outcome.kind) {
      case 'sent':
        pace.sent();
        return { kind: 'done', result: { providerRef: outcome.providerRef } satisfies BroadcastItemResult };
      case 'rejected':
        // The recipient stopped marketing messages: the contact is marked opted out in the same commit.
        return outcome.optOut
          ? { kind: 'failed', reason: outcome.reason, alsoInCommit: () => markOptedOut(ctx.db, ctx.businessId, item.subject) }
          : { kind: 'failed', reason: outcome.reason };
      case 'not-sent':
        return { kind: 'released' };
      case 'offline':
        return { kind: 'released', offline: outcome.reason };
      case 'unknown':
        return { kind: 'in_doubt', reason: outcome.reason };
      case 'account':
        // Nothing was sent and nothing else can be: park the task until the owner fixes it.
        ctx.accountProblem ??= { reason: outcome.reason, action: outcome.action ?? null };
        ctx.requestStop('account');
        return { kind: 'released' };
      case 'retry': {
        lastReason = outcome.reason;
        if (outcome.scope === 'recipient') {
          // Only this recipient must wait (pair rate): give the lane back and requeue the item
          // with its time, durably; the other recipients keep flowing meanwhile.
          return { kind: 'deferred', notBefore: Date.now() + Math.max(outcome.retryAfterMs ?? RECIPIENT_WAIT_MS, 0), reason: outcome.reason };
        }
        const free = outcome.scope === 'throughput';
        if (free) {
          if (++freeRetries > MAX_FREE_RETRIES) return { kind: 'released' };
          pace.limited(outcome.reason);
        } else if (++tries >= MAX_TRIES) {
          return { kind: 'failed', reason: reason('gaveUpAfterTries', { count: MAX_TRIES, reason: lastReason }) };
        }
        const backoff = outcome.retryAfterMs ?? RETRY_BASE_MS * 2 ** Math.min(6, (free ? freeRetries : tries) - 1) * (0.5 + Math.random());
        if (!(await abortableSleep(backoff, signal))) return { kind: 'released' };
        break;
      }
      default: {
        // An outcome this engine does not know: we cannot tell what happened, so never resend.
        const unknown: never = outcome;
        return { kind: 'in_doubt', reason: reason('unexpectedProviderAnswer', { answer: JSON.stringify(unknown) }) };
      }
    }
  }
}

/**
 * Shows `waiting (rate limit)` while the provider is held back by throughput errors,
 * and `running` again once sends go through.
 */
class PaceDisplay {
  private readonly ctx: TaskContext;
  private readonly provider: Provider;
  private shown = false;

  constructor(ctx: TaskContext, provider: Provider) {
    this.ctx = ctx;
    this.provider = provider;
  }

  limited(why: Message): void {
    const until = this.provider.rateState?.().waitingUntil ?? null;
    if (this.shown || this.ctx.stopping || until === null || until <= Date.now()) return;
    this.shown = true;
    this.ctx.setWaiting('rate_limit', reason('sendingSlowedDown', { reason: why }));
  }

  sent(): void {
    if (!this.shown || this.ctx.stopping) return;
    this.shown = false;
    this.ctx.setRunning();
  }
}

function waitForNetwork(ctx: TaskContext, provider: Provider, why: Message): Promise<void> {
  return ctx.waitForNetwork(
    reason('waitingForNetworkSend', { reason: why }),
    async () => (await provider.probe(ctx.signal)) === 'online',
  );
}
