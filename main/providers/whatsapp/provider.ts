/**
 * WhatsApp Cloud API provider: one broadcast item → one message from the business phone
 * number, paced by the number's rate controller, with every answer classified
 * (errors.ts) into what the engine should do (SendOutcome in ../provider.ts).
 *
 * - sent: the wamid.… message id becomes the item's providerRef.
 * - Nothing here ever resends on its own: a request that may have reached Meta and got no
 *   readable answer is `unknown` (in doubt). That includes a 2xx whose body cannot be read,
 *   and a 5xx without a Graph error body (a proxy or gateway answered; the message may have
 *   gone through behind it). A 5xx *with* a Graph error (131000, code 2, ...) is Meta saying
 *   the message failed: `retry`.
 * - The task and item ids go in `biz_opaque_callback_data` ("taskdeck:<task>:<item>"), which
 *   Meta echoes in status webhooks: a later webhook receiver can settle in-doubt items, and
 *   tests use it to prove "no duplicate (recipient, broadcast)".
 * - No `settle`: the Cloud API has no "did this message go out?" lookup.
 * - Reasons never contain the access token (defence in depth: they are redacted).
 */
import { redactWords, type Message } from '../../../common/messages.ts';
import { reason } from '../../../common/reasons.ts';
import {
  toWhatsAppRecipient,
  type GraphClient,
  type GraphFailure,
  type GraphResult,
  type PhoneNumberInfo,
  type SendResult,
} from './client.ts';
import { classifyGraphError, ownerAction, type WhatsAppErrorClassification } from './errors.ts';
import type { AccountCheck, OutgoingMessage, Provider, ProviderRateState, SendOutcome } from '../provider.ts';
import { rateControllerFor, type RateController } from './rate-controller.ts';

/** Where a template value comes from: a contact field (name, phone, or a custom field) or fixed text. */
export type TemplateParamSource = { field: string } | { text: string };

export type WhatsAppContent =
  /** An approved template; `params` fill {{1}}, {{2}}, … of its body in order. */
  | { type: 'template'; name: string; language: string; params: readonly TemplateParamSource[] }
  /** Free text (only reaches people who wrote to the business in the last 24 hours): the engine's rendered body. */
  | { type: 'text'; previewUrl?: boolean };

export interface WhatsAppProviderOptions {
  client: GraphClient;
  phoneNumberId: string;
  content: WhatsAppContent;
  /** Defaults to the process-wide controller of this phone number. */
  rate?: RateController;
  /** Values that must never appear in a reason (the access token); read when needed. */
  secrets?: () => readonly string[];
  /** Timeout of the reachability probe (default 5 s). */
  probeTimeoutMs?: number;
}

/** Field names a template's params read, so planning can skip recipients without them. */
export function templateParamFields(content: WhatsAppContent): string[] {
  if (content.type !== 'template') return [];
  const fields = new Set<string>();
  for (const p of content.params) if ('field' in p) fields.add(p.field);
  return [...fields];
}

/**
 * Meta refuses template values with new lines, tabs or more than four spaces in a row
 * ("Param text cannot have new-line/tab characters or more than 4 consecutive spaces"), so
 * such values (a CSV cell on two lines) are flattened instead of failing the recipient.
 */
export function cleanParamText(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(/ {5,}/g, '    ').trim();
}

/** Fills the template's values for one recipient, or names the fields that have no value. */
export function templateValues(
  params: readonly TemplateParamSource[],
  recipient: { phone: string; name?: string | undefined; vars?: Readonly<Record<string, string>> | undefined },
): { ok: true; values: string[] } | { ok: false; missing: string[] } {
  const values: string[] = [];
  const missing: string[] = [];
  for (const p of params) {
    let raw: string | undefined;
    if ('text' in p) raw = p.text;
    else raw = recipient.vars?.[p.field] ?? (p.field === 'name' ? recipient.name : p.field === 'phone' ? recipient.phone : undefined);
    const value = cleanParamText(raw ?? '');
    if (!value) missing.push('field' in p ? p.field : '(fixed text)');
    values.push(value);
  }
  return missing.length ? { ok: false, missing } : { ok: true, values };
}

/** "taskdeck:<task>:<item>": Meta echoes it in webhooks; unique per (broadcast, recipient). */
export function callbackData(taskId: number, itemId: number): string {
  return `taskdeck:${taskId}:${itemId}`;
}

export class WhatsAppProvider implements Provider<PhoneNumberInfo> {
  readonly name = 'whatsapp';
  private readonly client: GraphClient;
  private readonly phoneNumberId: string;
  private readonly content: WhatsAppContent;
  private readonly rate: RateController;
  private readonly secrets: () => readonly string[];
  private readonly probeTimeoutMs: number;

  constructor(options: WhatsAppProviderOptions) {
    this.client = options.client;
    this.phoneNumberId = options.phoneNumberId;
    this.content = options.content;
    this.rate = options.rate ?? rateControllerFor(options.phoneNumberId);
    this.secrets = options.secrets ?? (() => []);
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5000;
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
    if (signal.aborted) return { kind: 'not-sent' };
    const to = toWhatsAppRecipient(message.phone);
    if (to.length < 6 || to.length > 15) {
      return { kind: 'rejected', reasonId: 'invalid-number', reason: reason('waInvalidPhone', { phone: message.phone }) };
    }
    let values: string[] = [];
    if (this.content.type === 'template') {
      const filled = templateValues(this.content.params, message);
      if (!filled.ok) return { kind: 'rejected', reasonId: 'missing-value', reason: reason('noValueFor', { fields: filled.missing.join(', ') }) };
      values = filled.values;
    } else if (!message.body.trim()) {
      return { kind: 'rejected', reasonId: 'missing-value', reason: reason('messageEmpty') };
    }

    // Waits for a token and for this recipient's pair-rate time; false means stopped before sending.
    if (!(await this.rate.acquire(to, signal))) return { kind: 'not-sent' };

    const common = { phoneNumberId: this.phoneNumberId, to, bizOpaqueCallbackData: callbackData(message.taskId, message.itemId) };
    const result: GraphResult<SendResult> =
      this.content.type === 'template'
        ? await this.client.sendTemplate({ ...common, name: this.content.name, language: this.content.language, bodyParams: values }, { signal })
        : await this.client.sendText({ ...common, body: message.body, previewUrl: this.content.previewUrl ?? false }, { signal });

    if (result.ok) {
      this.rate.recordSuccess(to);
      return { kind: 'sent', providerRef: result.value.messageId };
    }
    return this.redacted(this.outcomeOfFailure(result.failure, to));
  }

  /** A cheap GET of the phone number: any answer from Meta means the network works. */
  async probe(signal: AbortSignal): Promise<'online' | 'offline'> {
    const result = await this.client.getPhoneNumber(this.phoneNumberId, { fields: ['id'], signal, timeoutMs: this.probeTimeoutMs });
    if (result.ok) return 'online';
    const kind = result.failure.kind;
    return kind === 'offline' || kind === 'unknown' || kind === 'aborted' ? 'offline' : 'online';
  }

  /** Reads the phone number (display number, verified name, quality rating) or says what is wrong. */
  async checkAccount(signal: AbortSignal): Promise<AccountCheck<PhoneNumberInfo>> {
    const result = await this.client.getPhoneNumber(this.phoneNumberId, { signal, timeoutMs: this.probeTimeoutMs * 2 });
    if (result.ok) return { ok: true, info: result.value };
    const failure = result.failure;
    if (failure.kind === 'offline' || failure.kind === 'unknown' || failure.kind === 'aborted') {
      return { ok: false, kind: 'offline', reason: this.redact(failure.kind === 'aborted' ? reason('waCheckStopped') : failure.reason) };
    }
    const c = this.classify(failure);
    if (!c) return { ok: false, kind: 'other', reasonId: 'rejected-other', reason: reason('waAnswerUnreadable'), action: null };
    return { ok: false, kind: c.cls === 'account' ? 'account' : 'other', reasonId: c.reasonId, reason: this.redact(c.reason), action: ownerAction(c.reasonId) };
  }

  rateState(): ProviderRateState {
    const s = this.rate.state();
    return { ratePerSecond: s.ratePerSecond, targetRatePerSecond: s.targetRatePerSecond, waitingUntil: s.waitingUntil, limited: s.limited };
  }

  close(): void {
    // Nothing to release: fetch's connection pool is shared and closes idle sockets itself.
  }

  /** A Graph error (or a bare HTTP status) → its class; null for answers that are not errors of Meta's. */
  private classify(failure: Extract<GraphFailure, { kind: 'api' | 'http' | 'bad-response' }>): WhatsAppErrorClassification | null {
    if (failure.kind === 'bad-response') return null;
    if (failure.kind === 'http') return classifyGraphError({ status: failure.status, retryAfterMs: failure.retryAfterMs });
    const e = failure.error;
    return classifyGraphError(
      { status: failure.status, code: e.code, subcode: e.subcode, message: e.message, details: e.details, retryAfterMs: failure.retryAfterMs },
    );
  }

  private outcomeOfFailure(failure: GraphFailure, to: string): SendOutcome {
    switch (failure.kind) {
      case 'aborted':
        return { kind: 'not-sent' };
      case 'offline':
        return { kind: 'offline', reason: failure.reason };
      case 'unknown':
        return { kind: 'unknown', reason: failure.reason };
      case 'bad-response':
        return { kind: 'unknown', reason: reason('waMayHaveGoneOut', { reason: failure.reason, status: failure.status }) };
      case 'http':
        if (failure.status >= 500) {
          return { kind: 'unknown', reason: reason('waGatewayUnknown', { status: failure.status }) };
        }
        break;
      case 'api':
        break;
    }
    const c = this.classify(failure);
    if (!c) return { kind: 'unknown', reason: reason('waAnswerUnreadable') };
    switch (c.cls) {
      case 'retryable':
        return { kind: 'retry', scope: 'item', reason: c.reason, ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}) };
      case 'throughput': {
        const waitMs = this.rate.recordThroughputError(c.retryAfterMs);
        return { kind: 'retry', scope: 'throughput', reason: c.reason, retryAfterMs: Math.ceil(waitMs) };
      }
      case 'pair-rate': {
        const notBefore = this.rate.recordPairRate(to, c.retryAfterMs);
        return { kind: 'retry', scope: 'recipient', reason: c.reason, retryAfterMs: Math.max(0, Math.ceil(notBefore - this.rate.now())) };
      }
      case 'recipient':
        return { kind: 'rejected', reasonId: c.reasonId, reason: c.reason };
      case 'opted-out':
        return { kind: 'rejected', reasonId: c.reasonId, reason: c.reason, optOut: true };
      case 'account':
        {
          const action = ownerAction(c.reasonId);
          return { kind: 'account', reasonId: c.reasonId, reason: c.reason, ...(action ? { action } : {}) };
        }
    }
  }

  private redact(words: Message): Message {
    return redactWords(words, this.secrets());
  }

  private redacted(outcome: SendOutcome): SendOutcome {
    if ('reason' in outcome) return { ...outcome, reason: this.redact(outcome.reason) };
    return outcome;
  }
}
