/**
 * A provider performs one task item's side effect (a WhatsApp message, a call).
 * The engine classifies what came back; the provider never touches item state.
 * Every `reason` / `action` is the owner's words (common/messages.ts).
 */
import type { Message } from '../../common/messages.ts';

export interface OutgoingMessage {
  businessId: number;
  taskId: number;
  itemId: number;
  phone: string;
  /** The rendered text (test mode, WhatsApp free text). */
  body: string;
  attempt: number;
  /** The recipient's name, as on the item. */
  name?: string;
  /** The item's vars (contact fields plus name and phone): a WhatsApp template is filled per recipient. */
  vars?: Readonly<Record<string, string>>;
}

/**
 * How to retry a `retry` outcome:
 * - 'item' (default): a transient failure; counts toward the item's tries.
 * - 'recipient': pair rate (131056); nothing was sent; try this recipient again later; no try burned.
 * - 'throughput': the number is over its rate; nothing was sent; the provider slowed down; no try burned.
 */
export type RetryScope = 'item' | 'recipient' | 'throughput';

export type SendOutcome =
  /** Accepted by the remote side; providerRef is its id for the message. */
  | { kind: 'sent'; providerRef: string }
  /** Rejected for good for this recipient. `optOut`: the contact also becomes opted out. */
  | { kind: 'rejected'; reason: Message; reasonId?: string; optOut?: boolean }
  /** Rejected, nothing was sent; another try may work. */
  | { kind: 'retry'; reason: Message; retryAfterMs?: number; scope?: RetryScope }
  /** The network is down: nothing was sent; the task waits, the item keeps its attempts. */
  | { kind: 'offline'; reason: Message }
  /** Stopped before anything left this machine (cancel, pause). */
  | { kind: 'not-sent' }
  /** The request left but no answer came: it may or may not have been delivered. */
  | { kind: 'unknown'; reason: Message }
  /** The account cannot send (token, lock, payment, template): nothing was sent; the task waits for the owner. */
  | { kind: 'account'; reason: Message; reasonId: string; action?: Message };

export interface SettleAnswer {
  itemId: number;
  sent: boolean;
  providerRef?: string;
}

/** Pace information the task card shows as `waiting (rate limit)`. */
export interface ProviderRateState {
  ratePerSecond: number;
  targetRatePerSecond: number;
  /** Epoch ms until which nothing is sent because of a throughput error; null when not waiting. */
  waitingUntil: number | null;
  limited: boolean;
}

/** The answer of a cheap account check ("Check connection", and before resuming a task waiting for its account). */
export type AccountCheck<Info> =
  | { ok: true; info: Info }
  | { ok: false; kind: 'offline'; reason: Message }
  | { ok: false; kind: 'account' | 'other'; reason: Message; reasonId: string; action: Message | null };

export interface Provider<AccountInfo = unknown> {
  readonly name: string;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome>;
  /** Cheap reachability check used while a task waits for the network. */
  probe(signal: AbortSignal): Promise<'online' | 'offline'>;
  /**
   * Asks the remote side whether in-doubt items were delivered. Providers that cannot
   * know (WhatsApp keeps no per-recipient lookup) leave this out; the owner decides.
   */
  settle?(businessId: number, taskId: number, itemIds: readonly number[]): SettleAnswer[];
  /** Whether the account can send (token, number). */
  checkAccount?(signal: AbortSignal): Promise<AccountCheck<AccountInfo>>;
  /** Current pace, for `waiting (rate limit)`. */
  rateState?(): ProviderRateState;
  close?(): void;
}
