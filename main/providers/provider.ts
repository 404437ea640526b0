/**
 * A provider performs one task item's side effect (a WhatsApp message, a call).
 * The engine classifies what came back; the provider never touches item state.
 */

export interface OutgoingMessage {
  businessId: number;
  taskId: number;
  itemId: number;
  phone: string;
  body: string;
  attempt: number;
}

export type SendOutcome =
  /** Accepted by the remote side; providerRef is its id for the message. */
  | { kind: 'sent'; providerRef: string }
  /** Rejected for good for this recipient (invalid number, not on WhatsApp, ...). */
  | { kind: 'rejected'; reason: string }
  /** Rejected, but another try may work (throttling, 5xx). Nothing was sent. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** The network is down: nothing was sent; the task waits, the item keeps its attempts. */
  | { kind: 'offline'; reason: string }
  /** Stopped before anything left this machine (cancel, pause). */
  | { kind: 'not-sent' }
  /** The request left but no answer came: it may or may not have been delivered. */
  | { kind: 'unknown'; reason: string };

export interface SettleAnswer {
  itemId: number;
  sent: boolean;
  providerRef?: string;
}

export interface Provider {
  readonly name: string;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome>;
  /** Cheap reachability check used while a task waits for the network. */
  probe(signal: AbortSignal): Promise<'online' | 'offline'>;
  /**
   * Asks the remote side whether in-doubt items were delivered. Providers that cannot
   * know (WhatsApp keeps no per-recipient lookup) leave this out; the owner decides.
   */
  settle?(businessId: number, taskId: number, itemIds: readonly number[]): SettleAnswer[];
  close?(): void;
}
