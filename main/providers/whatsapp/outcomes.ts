/**
 * Proposed extension of main/providers/provider.ts, written as a separate file so the
 * WhatsApp provider can be built before the engine changes. To merge: replace
 * `OutgoingMessage`, `SendOutcome` and `Provider` in provider.ts by the `Extended…` types
 * below (same names there), then delete this file.
 *
 * What changes, and what the engine does with it:
 *
 * - `OutgoingMessage` gains the recipient's `name` and `vars` (contact fields, as stored on
 *   the item), because a WhatsApp template is filled per recipient by the provider, not
 *   rendered into `body` by the engine.
 * - `rejected` may carry `optOut: true` (131050): the item fails AND the engine marks the
 *   contact opted out (by business and phone). `reasonId` is a stable id for the UI.
 * - `retry` gets a `scope`:
 *     'item'        (default, today's meaning) a transient failure; counts toward the
 *                   item's tries; wait `retryAfterMs` or the engine's backoff.
 *     'recipient'   pair-rate (131056): nothing was sent; retry this recipient after
 *                   `retryAfterMs` without holding the others (requeue the item with a
 *                   not-before time instead of sleeping in the lane); does not count as a
 *                   try (the provider's own escalation bounds it).
 *     'throughput'  the number is over its rate (130429, 429, 80007): nothing was sent;
 *                   requeue the item without burning a try; the provider's bucket already
 *                   slowed down; the task shows `waiting (rate limit)` while
 *                   `rateState().waitingUntil` is in the future.
 * - new `account`: the account cannot send (token expired or invalid, account locked or
 *   restricted, payment issue, template paused / disabled / missing, ...). Nothing was sent.
 *   The engine releases the item (no attempt burned), stops claiming, sets the task to
 *   `waiting (account)` with `reason` (+ `action`), and goes on when the account is fixed:
 *   the account record changed (token replaced) and `checkAccount()` passes, or the owner
 *   resumes, or a periodic re-try of the next item succeeds.
 *
 * Safety note for the merge: today's runner (`sendItem` in tasks/broadcast/runner.ts) has no
 * `default` in its outcome switch, so an unhandled `account` would loop and send again.
 * Handle `account` (and add an exhaustive `default: assertNever(outcome)`) before wiring.
 */
import type { OutgoingMessage, SendOutcome, SettleAnswer } from '../provider.ts';

export type RetryScope = 'item' | 'recipient' | 'throughput';

export interface ExtendedOutgoingMessage extends OutgoingMessage {
  /** The recipient's name, as on the item. */
  name?: string;
  /** The item's vars: contact fields plus `name` and `phone`. */
  vars?: Readonly<Record<string, string>>;
}

export type ExtendedSendOutcome =
  /** Accepted by the remote side; providerRef is its id for the message (WhatsApp: wamid.…). */
  | { kind: 'sent'; providerRef: string }
  /** Rejected for good for this recipient. `optOut`: also mark the contact opted out. */
  | { kind: 'rejected'; reason: string; reasonId?: string; optOut?: boolean }
  /** Rejected, nothing was sent; another try may work. See RetryScope. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; scope?: RetryScope }
  /** The network is down: nothing was sent; the task waits, the item keeps its attempts. */
  | { kind: 'offline'; reason: string }
  /** Stopped before anything left this machine (cancel, pause). */
  | { kind: 'not-sent' }
  /** The request left but no answer came: it may or may not have been delivered. */
  | { kind: 'unknown'; reason: string }
  /** The account cannot send; nothing was sent; the task waits for the owner. */
  | { kind: 'account'; reason: string; reasonId: string; action?: string };

/** Every outcome a provider returns today is still valid after the merge. */
export type OldOutcomesStillValid = SendOutcome extends ExtendedSendOutcome ? true : never;
export const oldOutcomesStillValid: OldOutcomesStillValid = true;

/** Pace information the task card shows as `waiting (rate limit)`. */
export interface ProviderRateState {
  ratePerSecond: number;
  targetRatePerSecond: number;
  /** Epoch ms until which nothing is sent because of a throughput error; null when not waiting. */
  waitingUntil: number | null;
  /** Below the configured pace because of throughput errors (waiting or recovering). */
  limited: boolean;
}

/** The answer of a cheap account check ("Check connection", and before resuming a task waiting for its account). */
export type AccountCheck<Info> =
  | { ok: true; info: Info }
  | { ok: false; kind: 'offline'; reason: string }
  | { ok: false; kind: 'account' | 'other'; reason: string; reasonId: string; action: string };

export interface ExtendedProvider<AccountInfo = unknown> {
  readonly name: string;
  send(message: ExtendedOutgoingMessage, signal: AbortSignal): Promise<ExtendedSendOutcome>;
  /** Cheap reachability check used while a task waits for the network. */
  probe(signal: AbortSignal): Promise<'online' | 'offline'>;
  settle?(businessId: number, taskId: number, itemIds: readonly number[]): SettleAnswer[];
  /** Whether the account can send (token, number); used while a task waits for its account. */
  checkAccount?(signal: AbortSignal): Promise<AccountCheck<AccountInfo>>;
  /** Current pace, for `waiting (rate limit)`. */
  rateState?(): ProviderRateState;
  close?(): void;
}
